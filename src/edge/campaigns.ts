// Dated campaigns, applied at request time (README « Dated campaigns »): the built pages carry two
// empty, hidden slots (src/lib/campaign-slots.ts); for each page the edge fills them with the
// campaign in force at the request's instant (campaigns.yaml, src/marketing/campaign-windows.ts),
// or leaves them empty. A campaign starts and ends at its window's bounds without a rebuild, and
// a banner is in the HTML as served (no script, no shift after the first paint).
// A signed-in member previewing another instant (src/edge/preview.ts) sees a ribbon saying so.
import { BANNER_SLOT, HERO_SLOT } from '../lib/campaign-slots';
import { frenchText, formatDate, formatTime } from '../lib/typography';
import { inForce, siteCampaigns, type SiteCampaign } from '../marketing/campaign-windows';
import type { Campaigns } from '../marketing/config';

const cache = new WeakMap<Campaigns, SiteCampaign[]>();

/** The site campaigns of the rules, their texts set in French typography (computed once). */
export function campaignsOf(campaigns: Campaigns): SiteCampaign[] {
  let list = cache.get(campaigns);
  if (!list) {
    list = siteCampaigns(campaigns).map((c) => ({ ...c, linkLabel: frenchText(c.linkLabel), placements: c.placements.map((p) => ({ ...p, text: frenchText(p.text) })) }));
    cache.set(campaigns, list);
  }
  return list;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
/**
 * Lucide's arrow-right exactly as the site's Icon component writes it (src/components/ui/Icon.astro,
 * src/lib/icons.ts), so that gzip finds it in the page's other icons: the banner costs the HTML
 * budget as little as it can.
 */
const ARROW = '<svg viewBox="0 0 24 24" width="20" height="20" class="icon" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round" stroke-width="2" d="M5 12h14m-7-7l7 7l-7 7"/></svg>';

function banner(campaign: SiteCampaign, text: string): string {
  return (
    `<aside data-campaign-slot data-campaign="${escape(campaign.key)}" aria-label="À la une" class="border-b border-amber-300 bg-amber-100 text-navy-950">` +
    `<p class="container-page py-1 text-sm leading-snug sm:text-base"><span class="mr-3">${escape(text)}</span>` +
    `<a href="${escape(campaign.landing)}" class="inline-flex min-h-11 items-center gap-1 whitespace-nowrap align-middle font-bold underline underline-offset-2 hover:no-underline">${escape(campaign.linkLabel)}${ARROW}</a></p></aside>`
  );
}

function hero(campaign: SiteCampaign, text: string): string {
  return (
    `<p data-campaign-hero data-campaign="${escape(campaign.key)}" class="mb-4">` +
    `<a href="${escape(campaign.landing)}" class="inline-flex min-h-11 items-center gap-2 rounded-2xl border border-teal-100 px-4 py-2 text-sm font-bold text-white no-underline hover:bg-navy-900 sm:rounded-full sm:text-base">${escape(text)}${ARROW}</a></p>`
  );
}

function ribbon(at: number, path: string): string {
  const when = new Date(at);
  const back = `/admin/apercu/arreter?retour=${encodeURIComponent(path)}`;
  return (
    `<aside data-campaign-preview aria-label="Aperçu de l’équipe" class="bg-navy-900 text-white">` +
    `<p class="container-page flex flex-wrap items-center gap-x-4 py-1 text-sm sm:text-base"><strong>${escape(frenchText(`Aperçu au ${formatDate(when, { weekday: true })} à ${formatTime(when)} (heure de Paris)`))}</strong>` +
    `<a href="/admin/apercu" class="inline-flex min-h-11 items-center text-white underline">Changer la date</a>` +
    `<a href="${escape(back)}" rel="nofollow" class="inline-flex min-h-11 items-center font-bold text-amber-300 underline">Arrêter l’aperçu</a></p></aside>`
  );
}

/**
 * The page with the campaign in force at `at` in each slot it has (nothing outside the windows),
 * and the preview ribbon when `preview` is set. A campaign never shows on its own landing page.
 */
export function applyCampaigns(html: string, list: readonly SiteCampaign[], path: string, at: number, preview = false): string {
  const hasBanner = html.includes(BANNER_SLOT);
  const hasHero = html.includes(HERO_SLOT);
  if (!hasBanner && !hasHero) return html;
  const pick = (slot: 'banner' | 'hero') => {
    const found = inForce(list, slot, path, at);
    return found && found.campaign.landing !== path ? found : null;
  };
  let out = html;
  if (hasBanner) {
    const b = pick('banner');
    const filled = `${preview ? ribbon(at, path) : ''}${b ? banner(b.campaign, b.text) : ''}`;
    if (filled) out = out.replace(BANNER_SLOT, () => filled);
  }
  if (hasHero) {
    const h = pick('hero');
    if (h) out = out.replace(HERO_SLOT, () => hero(h.campaign, h.text));
  }
  return out;
}

/** A weak ETag of the body as served (any rewrite changes it, so a revalidation never reuses a stale campaign). */
export async function bodyTag(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  return `W/"${btoa(String.fromCharCode(...digest.slice(0, 12))).replace(/\+/g, '-').replace(/\//g, '_')}"`;
}

/** Whether an If-None-Match header names this tag (weak comparison, RFC 9110 §13.1.2). */
export function tagMatches(ifNoneMatch: string | null | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => opaque(t) === opaque(tag));
}

/** The request as the asset server must see it: no validators, so that it always returns the file (the edge answers 304 itself). */
export function unconditional(request: Request): Request {
  if (!request.headers.has('if-none-match') && !request.headers.has('if-modified-since')) return request;
  const headers = new Headers(request.headers);
  headers.delete('if-none-match');
  headers.delete('if-modified-since');
  return new Request(request.url, { method: request.method, headers });
}
