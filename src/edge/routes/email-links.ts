// The links of our e-mails: tracked clicks (/r/<token>), the open pixel, unsubscribe (the link
// shows a page with a button; the RFC 8058 one-click POST unsubscribes), and the double opt-in
// confirmation (GET shows what would be confirmed, POST confirms). Mail scanners follow GET
// links, so no GET changes anything but the click count.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { parseCookies } from '../http/cookies';
import { sameOriginPath } from '../http/redirect';
import { identify } from '../identity';
import { verifyLead } from '../signing';
import { errorPage, infoPage, actionPage, confirmPage } from '../responses';
import { formatDate } from '../../lib/typography';
import { confirmSubmission, viewConfirmation } from '../lead-capture';
import { CONSENT_COOKIE } from '../cookies';
import { FIELD_LABELS } from '../../marketing/lead-forms';

const FORM_NAMES: Record<string, string> = {
  guide: 'guide gratuit',
  info: 'demande d’information',
  callback: 'demande de rappel',
  webinar: 'inscription à un webinaire',
  newsletter: 'lettre d’information',
  'garage-quote': 'demande de devis garage',
  enrolment: 'demande d’inscription',
  profile: 'compléments à une demande',
  partner: 'candidature de partenaire',
};

/** 1×1 transparent GIF (open pixel). */
const PIXEL = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) => ch.charCodeAt(0));

export function emailLinkRoutes(edge: Edge) {
  const app = new Hono();
  const noindex = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
  };

  app.get('/r/:token', async (c) => {
    noindex(c);
    const hit = edge.automation ? await edge.automation.click(c.req.param('token'), edge.now()) : null;
    if (!hit) return c.html(infoPage('Lien inconnu', 'Ce lien n’existe pas ou n’est plus valable : la page que vous cherchez est peut-être sur notre site.'), 404);
    // A link of an e-mail sent to this address: the browser holds the mailbox (proven identification).
    const lead = await edge.store.findLeadById(hit.leadId);
    if (lead?.consentTracking && parseCookies(c.req.header('cookie'))[CONSENT_COOKIE] === 'accept') await identify(c, edge.secrets.formSecret, hit.leadId, 'proven');
    // Tracked links lead to pages of this site only (links elsewhere are not tracked): the target's
    // path, on the origin that served this request.
    let target = '/';
    try {
      target = sameOriginPath(hit.url, new URL(hit.url).origin);
    } catch {
      // A stored target that does not parse: the home page.
    }
    return c.redirect(target, 302);
  });

  app.get('/api/o/:token', async (c) => {
    if (edge.automation) await edge.automation.open(c.req.param('token'), edge.now());
    return c.body(PIXEL, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, private' });
  });

  const unsubscribeLead = (c: Context) => verifyLead(edge.secrets.formSecret, 'unsubscribe', c.req.param('token'));
  const invalidUnsubscribe = (c: Context) =>
    c.html(errorPage('Lien de désabonnement invalide', 'Ce lien n’est pas valide. Écrivez-nous depuis la page contact : nous vous désabonnerons.', '/contact/'), 400);

  app.get('/api/unsubscribe/:token', async (c) => {
    noindex(c);
    if (!(await unsubscribeLead(c))) return invalidUnsubscribe(c);
    return c.html(
      actionPage(
        'Se désabonner des e-mails de MécaFormation',
        'Confirmez votre désabonnement : vous ne recevrez plus nos e-mails de conseils et d’offres, ni aucun des e-mails programmés.',
        c.req.path,
        'Me désabonner',
      ),
    );
  });
  app.post('/api/unsubscribe/:token', bodyCap(edge.limits.smallBodyBytes, 'un désabonnement'), async (c) => {
    noindex(c);
    const leadId = await unsubscribeLead(c);
    const oneClick = (c.req.header('content-type') ?? '').includes('form-urlencoded') && /List-Unsubscribe=One-Click/.test(await c.req.text().catch(() => ''));
    if (!leadId) return oneClick ? c.json({ ok: false, error: 'token', message: 'Lien de désabonnement invalide.' }, 400) : invalidUnsubscribe(c);
    await edge.automation?.unsubscribe(leadId, edge.now(), oneClick ? 'désabonnement en un clic (RFC 8058)' : 'lien de désabonnement');
    if (oneClick) return c.body(null, 204);
    return c.html(infoPage('Votre désabonnement est confirmé', 'Vous ne recevrez plus nos e-mails de conseils et d’offres, ni aucun des e-mails qui étaient programmés. Vous pouvez vous réabonner à tout moment depuis un formulaire du site.'));
  });

  const confirmationId = (c: Context) => verifyLead(edge.secrets.formSecret, 'confirm', c.req.param('token'));
  const closed = (c: Context, status: 'unknown' | 'expired' | 'done') =>
    status === 'done'
      ? c.html(infoPage('Demande déjà confirmée', 'Votre demande a déjà été confirmée : il n’y a rien d’autre à faire.'))
      : c.html(
          errorPage(
            status === 'expired' ? 'Lien de confirmation expiré' : 'Lien de confirmation invalide',
            status === 'expired' ? 'Ce lien n’est plus valable. Refaites votre demande depuis le site : un nouveau lien vous sera envoyé.' : 'Ce lien n’est pas valide. Refaites votre demande depuis le site.',
            '/',
          ),
          status === 'expired' ? 410 : 404,
        );

  app.get('/api/confirm/:token', async (c) => {
    noindex(c);
    const id = await confirmationId(c);
    if (!id) return closed(c, 'unknown');
    const view = await viewConfirmation(edge.store, id, edge.now());
    if (view.status !== 'open') return closed(c, view.status);
    // One box per request (each submission made with this address), ticked: the owner unticks
    // what they did not ask for.
    const requests = view.requests.map((r, i) => ({
      value: String(i),
      label: `Demande du ${r.at ? formatDate(new Date(r.at)) : '?'} (${FORM_NAMES[String(r.form)] ?? 'formulaire'})`,
      items: [
        ...(r.consentMarketing ? ['recevoir par e-mail les conseils et offres de MécaFormation'] : []),
        ...(r.consentTracking ? ['la mesure de l’ouverture de nos e-mails et de vos visites sur le site'] : []),
        ...(r.lists ?? []).map((l: string) => (l === 'newsletter' ? 'recevoir la lettre d’information mensuelle' : `la liste « ${l} »`)),
        ...(r.resubscribe ? ['lever votre désabonnement précédent'] : []),
        ...Object.entries(r.fields ?? {}).map(([k, v]) => `${Object.hasOwn(FIELD_LABELS, k) ? FIELD_LABELS[k as keyof typeof FIELD_LABELS] : k} : ${String(v)}`),
        ...(Object.keys(r.fields ?? {}).length === 0 && !r.consentMarketing && !r.consentTracking && !(r.lists ?? []).length ? ['enregistrer cette demande à votre nom'] : []),
      ],
    }));
    return c.html(confirmPage(view.email, c.req.path, requests));
  });

  app.post('/api/confirm/:token', bodyCap(edge.limits.smallBodyBytes, 'une confirmation'), async (c) => {
    noindex(c);
    const id = await confirmationId(c);
    if (!id) return closed(c, 'unknown');
    const view = await viewConfirmation(edge.store, id, edge.now());
    if (view.status !== 'open') return closed(c, view.status);
    // The ticked requests (a form without JavaScript posts `request=0&request=2`); a POST without
    // any field (a one-step client) confirms them all.
    let selected: number[];
    const form = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
    const raw = (form as Record<string, unknown>).request;
    if (raw === undefined && !(form as Record<string, unknown>).choice) selected = view.requests.map((_, i) => i);
    else selected = [raw].flat().map((v) => Number(v)).filter((n) => Number.isInteger(n) && n >= 0 && n < view.requests.length);
    if (!selected.length) return c.html(infoPage('Rien n’a été confirmé', 'Vous n’avez coché aucune demande : rien n’est modifié. Le lien reste valable jusqu’à son expiration.'));
    const result = await confirmSubmission({ store: edge.store, automation: edge.automation }, id, selected, edge.now());
    if (!result.ok) {
      const again = await viewConfirmation(edge.store, id, edge.now());
      return closed(c, again.status === 'open' ? 'unknown' : again.status);
    }
    // The confirmation link proves the mailbox: a proven identification, with tracking and the banner's consent.
    if (result.tracking && parseCookies(c.req.header('cookie'))[CONSENT_COOKIE] === 'accept') await identify(c, edge.secrets.formSecret, result.leadId!, 'proven');
    return c.html(infoPage('Merci, votre demande est confirmée', 'C’est enregistré. Vous pouvez à tout moment vous désabonner avec le lien présent dans chacun de nos e-mails.'));
  });

  return app;
}
