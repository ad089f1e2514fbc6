// « Prévisualiser le site à une date »: the console's date picker for the dated campaigns
// (src/edge/routes/campaign-preview.ts), and the campaigns' calendar with a preview button each.
import { html, consolePage, csrfField, when, type Viewer } from './layout';
import { describeInstant, parisWall, SLOT_NAMES, type SiteCampaign } from '../marketing/campaign-windows';

export interface PreviewPageData {
  stylesheet: string | null;
  viewer: Viewer;
  notice: { kind: 'ok' | 'error'; text: string } | null;
  campaigns: readonly SiteCampaign[];
  /** The member's preview in force, if any. */
  current: { at: number; expires: number } | null;
  now: Date;
  /** The form's values after a refusal. */
  values?: { instant?: string; page?: string };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The value of a datetime-local field for an instant (Paris wall clock). */
export function localValue(at: number): string {
  const w = parisWall(at);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The page a campaign's preview opens: its first named page, else the home page. */
function firstPage(c: SiteCampaign): string {
  const named = c.placements.flatMap((p) => p.pages).find((p) => p !== '*' && !p.endsWith('*'));
  return c.placements.some((p) => p.pages.includes('*')) ? '/' : (named ?? '/');
}

const where = (c: SiteCampaign) =>
  c.placements.map((p) => `${SLOT_NAMES[p.slot]} : ${p.pages.map((x) => (x === '*' ? 'toutes les pages' : x)).join(', ')}${p.except.length ? ` (sauf ${p.except.length} page${p.except.length > 1 ? 's' : ''})` : ''}`).join(' ; ');

export function previewPage(d: PreviewPageData) {
  const rows = d.campaigns
    .flatMap((c) => c.windows.map((w) => ({ c, w })))
    .sort((a, b) => a.w.start - b.w.start);
  const nowMs = d.now.getTime();
  const state = (w: { start: number; end: number }) => (w.end <= nowMs ? 'terminée' : w.start <= nowMs ? 'en cours' : 'à venir');
  const body = html`<h1 class="text-3xl">Prévisualiser le site à une date</h1>
  <p class="mt-3 max-w-3xl">Le site s’affiche pour vous, et pour vous seul, tel qu’il sera à l’instant choisi : la bannière et l’accroche des campagnes datées de <code>content/marketing/campaigns.yaml</code>, avec un bandeau « Aperçu au … » sur chaque page. Les visiteurs ne voient rien changer. L’aperçu dure une heure au plus et s’arrête quand vous vous déconnectez.</p>
  ${d.current
    ? html`<section class="notice mt-6" aria-labelledby="apercu-en-cours"><h2 id="apercu-en-cours" class="text-xl">Aperçu en cours</h2>
        <p class="mt-1">Le site s’affiche au ${describeInstant(d.current.at)} (heure de Paris), jusqu’à ${when(new Date(d.current.expires).toISOString())}.</p>
        <form method="post" action="/admin/apercu/arreter" class="mt-3">${csrfField(d.viewer)}<button type="submit" class="btn-secondary">Arrêter l’aperçu</button></form>
      </section>`
    : ''}
  <form method="post" action="/admin/apercu" class="mt-6 flex flex-wrap items-end gap-4">${csrfField(d.viewer)}
    <div><label for="f-instant" class="block text-sm font-bold">Date et heure (heure de Paris)</label>
      <input id="f-instant" name="instant" type="datetime-local" required min="2024-01-01T00:00" max="2099-12-31T23:59" value="${d.values?.instant ?? localValue(nowMs)}" class="mt-1 block min-h-11 rounded-md border border-navy-700 px-2"></div>
    <div><label for="f-page" class="block text-sm font-bold">Page à ouvrir</label>
      <input id="f-page" name="page" value="${d.values?.page ?? '/'}" required maxlength="200" class="mt-1 block min-h-11 w-64 rounded-md border border-navy-700 px-2"></div>
    <button type="submit" class="btn-primary">Prévisualiser</button>
  </form>
  <section class="mt-10" aria-labelledby="calendrier"><h2 id="calendrier" class="text-2xl">Calendrier des campagnes datées</h2>
    <p class="mt-1 max-w-3xl">Chaque période commence à l’instant indiqué (inclus) et finit juste avant l’instant de fin (exclu), heure de Paris.</p>
    ${rows.length
      ? html`<div class="mt-3 overflow-x-auto" tabindex="0" role="region" aria-label="Calendrier des campagnes datées">
      <table class="console-table w-full border-collapse text-left text-base">
        <caption class="sr-only">Campagnes datées, par date de début</caption>
        <thead><tr><th scope="col" class="border-b-2 border-navy-900 px-2 py-2">Campagne</th><th scope="col" class="border-b-2 border-navy-900 px-2 py-2">Début</th><th scope="col" class="border-b-2 border-navy-900 px-2 py-2">Fin (exclue)</th><th scope="col" class="border-b-2 border-navy-900 px-2 py-2">Où</th><th scope="col" class="border-b-2 border-navy-900 px-2 py-2">État</th><th scope="col" class="border-b-2 border-navy-900 px-2 py-2"><span class="sr-only">Aperçu</span></th></tr></thead>
        <tbody>${rows.map(
          ({ c, w }) => html`<tr class="border-b border-navy-100">
            <td class="px-2 py-2 align-top"><strong>${c.title}</strong><br><span class="text-sm text-ink-600">${c.key} · lien vers ${c.landing}</span></td>
            <td class="px-2 py-2 align-top">${describeInstant(w.start)}</td>
            <td class="px-2 py-2 align-top">${describeInstant(w.end)}</td>
            <td class="px-2 py-2 align-top text-sm">${where(c)}</td>
            <td class="px-2 py-2 align-top">${state(w)}</td>
            <td class="px-2 py-2 align-top"><form method="post" action="/admin/apercu">${csrfField(d.viewer)}<input type="hidden" name="instant" value="${localValue(w.start)}"><input type="hidden" name="page" value="${firstPage(c)}"><button type="submit" class="btn-secondary whitespace-nowrap" aria-label="Prévisualiser ${c.title} au ${describeInstant(w.start)}">Prévisualiser</button></form></td>
          </tr>`,
        )}</tbody>
      </table></div>`
      : html`<p class="mt-3 text-ink-600">Aucune campagne datée dans campaigns.yaml.</p>`}
  </section>`;
  return consolePage({ title: 'Aperçu du site', stylesheet: d.stylesheet, viewer: d.viewer, current: '/admin/apercu', body, notice: d.notice });
}
