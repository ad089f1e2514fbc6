// The cancel link of every webinar e-mail: GET shows the seat and a button (mail scanners follow
// links), POST frees the seat, which goes to the first person on the waiting list.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { verifyLead } from '../signing';
import { actionPage, errorPage, infoPage } from '../responses';
import { webinarDateText } from '../../marketing/webinars';

export function webinarRoutes(edge: Edge) {
  const app = new Hono();
  const registration = (c: Context) => verifyLead(edge.secrets.formSecret, 'webinar-cancel', c.req.param('token'));
  const invalid = (c: Context) => c.html(errorPage('Lien d’annulation invalide', 'Ce lien n’est pas valide. Écrivez-nous depuis la page contact : nous annulerons votre inscription.', '/contact/'), 404);
  const noindex = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
  };

  app.get('/api/webinars/cancel/:token', async (c) => {
    noindex(c);
    const id = await registration(c);
    const [row] = id ? await edge.store.webinarRegistration(id) : [];
    if (!row) return invalid(c);
    const w = (edge.rules.webinarEvents ?? []).find((x) => x.slug === row.webinar);
    if (row.status === 'cancelled') return c.html(infoPage('Inscription déjà annulée', 'Votre inscription à ce webinaire est déjà annulée : il n’y a rien d’autre à faire.'));
    return c.html(
      actionPage(
        'Annuler mon inscription au webinaire',
        `${w ? `« ${w.title} », ${webinarDateText(w)}. ` : ''}${row.status === 'waitlisted' ? 'Vous quitterez la liste d’attente.' : 'Votre place ira à la première personne de la liste d’attente.'}`,
        c.req.path,
        'Annuler mon inscription',
      ),
    );
  });

  app.post('/api/webinars/cancel/:token', bodyCap(edge.limits.smallBodyBytes, 'une annulation'), async (c) => {
    noindex(c);
    const id = await registration(c);
    if (!id || !edge.automation) return invalid(c);
    const result = await edge.automation.seats.cancel(id, edge.now());
    if (!result.ok) return invalid(c);
    return c.html(infoPage('Votre inscription est annulée', 'C’est noté : votre place est libérée. Vous pouvez vous réinscrire depuis la page du webinaire tant que les inscriptions sont ouvertes.'));
  });
  return app;
}
