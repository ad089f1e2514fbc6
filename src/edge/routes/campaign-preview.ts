// The console's « Prévisualiser le site à une date » (README « Dated campaigns »), mounted inside
// the console's routes (src/edge/routes/console.ts), behind its session and CSRF guard: the date
// picker sets the preview cookie (src/edge/preview.ts) for the signed-in member, a link of the
// ribbon or the console's button removes it; both are written to the audit log.
import type { Context, Hono } from 'hono';
import type { Edge } from '../deps';
import type { Html } from '../../console/layout';
import { BadInput } from '../../console/errors';
import { formOf, viewerOf } from '../../console/session';
import { previewPage } from '../../console/preview-page';
import { clearPreview, issuePreview, PREVIEW_COOKIE, readPreview } from '../preview';
import { campaignsOf } from '../campaigns';
import { parseCookies } from '../http/cookies';
import { zonedTime } from '../../lib/zoned';
import { describeInstant, MAX_YEAR, MIN_YEAR, parisWall } from '../../marketing/campaign-windows';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
/** A page of the site (not the console, not the API), as a path. */
const SITE_PAGE = /^\/(?!admin(?:\/|$)|api\/)[\w\-/.]{0,200}$/;

/** The instant a datetime-local value means in Paris; refuses a date out of range or an hour that does not exist. */
export function parisInstant(value: string): number {
  const m = LOCAL.exec(value);
  if (!m) throw new BadInput('Date et heure', 'date et heure attendues (AAAA-MM-JJ HH:MM)');
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const valid = new Date(Date.UTC(y, mo - 1, d));
  if (valid.getUTCMonth() !== mo - 1 || valid.getUTCDate() !== d || h > 23 || mi > 59) throw new BadInput('Date et heure', 'cette date n’existe pas');
  if (y < MIN_YEAR || y > MAX_YEAR) throw new BadInput('Date et heure', `année de ${MIN_YEAR} à ${MAX_YEAR} attendue`);
  const at = zonedTime(y, mo, d, `${m[4]}:${m[5]}`).getTime();
  const w = parisWall(at);
  if (w.hour !== h || w.minute !== mi || w.day !== d) throw new BadInput('Date et heure', 'cette heure n’existe pas à Paris (passage à l’heure d’été)');
  return at;
}

function sitePage(value: unknown, field: string): string {
  const page = typeof value === 'string' ? value.trim() : '';
  if (!SITE_PAGE.test(page) || page.includes('..') || page.includes('//')) throw new BadInput(field, 'chemin d’une page du site attendu, commençant par « / » (ni /admin ni /api)');
  return page;
}

export interface PreviewRouteDeps {
  edge: Edge;
  render: (c: Context, page: Html, status?: 200 | 422) => Promise<Response>;
  audit: (c: Context, action: string, target: string | null, detail: string | null) => Promise<void>;
}

export function campaignPreviewRoutes(app: Hono, { edge, render, audit }: PreviewRouteDeps) {
  const campaigns = () => campaignsOf(edge.rules.marketing.campaigns);
  const viewer = (c: Context) => {
    const v = viewerOf(c);
    return { email: v.user.email, role: v.user.role, csrf: v.csrf };
  };
  const current = async (c: Context) => readPreview(edge, parseCookies(c.req.header('cookie'))[PREVIEW_COOKIE], edge.now());
  const page = async (c: Context, notice: { kind: 'ok' | 'error'; text: string } | null, values?: { instant?: string; page?: string }, status: 200 | 422 = 200) =>
    render(c, previewPage({ stylesheet: edge.stylesheet, viewer: viewer(c), notice, campaigns: campaigns(), current: await current(c), now: edge.now(), values }), status);
  const stop = async (c: Context) => {
    const was = await current(c);
    c.header('Set-Cookie', clearPreview(), { append: true });
    await audit(c, 'apercu-fin', was ? new Date(was.at).toISOString() : null, was ? 'aperçu arrêté' : 'aucun aperçu en cours');
  };

  app.get('/admin/apercu', (c) => page(c, c.req.query('fait') === 'arrete' ? { kind: 'ok', text: 'Aperçu arrêté : le site s’affiche à nouveau à la date du jour.' } : null));

  app.post('/admin/apercu', async (c) => {
    const form = formOf(c);
    const values = { instant: String(form.instant ?? '').slice(0, 40), page: String(form.page ?? '/').slice(0, 200) };
    let at: number;
    let target: string;
    try {
      at = parisInstant(values.instant);
      target = sitePage(values.page, 'Page à ouvrir');
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return page(c, { kind: 'error', text: `${error.field} : ${error.rule}.` }, values, 422);
    }
    const v = viewerOf(c);
    const session = await edge.console!.findSession(v.tokenHash);
    if (!session) return page(c, { kind: 'error', text: 'Session introuvable : reconnectez-vous.' }, values, 422);
    const now = edge.now().getTime();
    const issued = await issuePreview(edge.secrets.formSecret, { at, now, userId: v.user.id, sessionHash: v.tokenHash, sessionExpiresAt: session.expiresAt });
    c.header('Set-Cookie', issued.cookie, { append: true });
    await audit(c, 'apercu', new Date(at).toISOString(), `aperçu du site au ${describeInstant(at)} (page ${target}), jusqu’au ${describeInstant(issued.expires)}`);
    return c.redirect(target, 303);
  });

  // From the console's button.
  app.post('/admin/apercu/arreter', async (c) => {
    await stop(c);
    return c.redirect('/admin/apercu?fait=arrete', 303);
  });
  // From the ribbon of a previewed page: back to that page, as visitors see it. A GET, safe with
  // the session's SameSite=Strict cookie: from another site it arrives without a session.
  app.get('/admin/apercu/arreter', async (c) => {
    await stop(c);
    let back = '/';
    try {
      back = sitePage(c.req.query('retour') ?? '/', 'retour');
    } catch {
      back = '/';
    }
    return c.redirect(back, 303);
  });
}
