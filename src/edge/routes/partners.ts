// GET /partenaires/espace/<token>/: a partner's private page (src/partners/space.ts). A bad token
// is a French 404 page; never cached, never indexed. (A partner's public link, /parrainage/CODE/,
// is served with the pages: src/edge/referral.ts.)
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { frenchHtml } from '../../lib/typography';
import { parisDay } from '../../lib/calendar';
import { referralPath } from '../../marketing/referral-code';
import { spaceMessagePage, spaceNotFoundPage, spacePage, verifyPartnerSpace } from '../../partners/space';
import { partnerStatement, programmeOf } from '../../partners/statement';

export function partnerRoutes(edge: Edge) {
  const app = new Hono();
  const send = async (c: Context, page: Promise<string> | string, status: 200 | 400 | 404) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    return c.html(frenchHtml(String(await page)), status);
  };
  const space = async (c: Context) => {
    const token = c.req.param('token');
    const id = await verifyPartnerSpace(edge.secrets.formSecret, token);
    const partner = id && edge.partners ? await edge.partners.findById(id) : null;
    if (!partner) return send(c, spaceNotFoundPage(), 404);
    const today = parisDay(edge.now());
    const current = Number(today.slice(0, 4));
    const asked = c.req.query('annee');
    if (asked !== undefined && !/^20[2-9]\d$/.test(asked)) {
      return send(c, spaceMessagePage('Année invalide', `annee : année attendue sur quatre chiffres, de 2020 à ${current}.`), 400);
    }
    const year = Math.min(asked ? Number(asked) : current, current);
    const statement = await partnerStatement(edge.partners!, edge.rules.marketing, partner, { year }, today);
    const origin = edge.publicOrigin ?? new URL(c.req.url).origin;
    return send(
      c,
      spacePage({
        partner,
        programme: programmeOf(edge.rules.marketing, partner.programme),
        statement,
        link: `${origin}${referralPath(partner.code)}`,
        trainingTitles: edge.rules.trainingTitles,
        contactEmail: edge.rules.marketing.organization.email,
        years: { current: String(year), previous: String(year - 1), next: year < current ? String(year + 1) : null },
      }),
      200,
    );
  };
  app.get('/partenaires/espace/:token', space);
  app.get('/partenaires/espace/:token/', space);
  return app;
}
