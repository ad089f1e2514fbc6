// Dated campaigns on the site: the windows of content/marketing/campaigns.yaml (special campaigns
// and roadmap actions), what each one shows (the site banner, the hero copy) and where, and the
// checks the build runs on them. The edge picks the campaign in force at a request's instant from
// the same model (src/edge/campaigns.ts), so a campaign starts and ends without a rebuild.
//
// Windows are in Europe/Paris: a date (2027-01-04) starts at midnight in Paris, and as an end it is
// the last day shown (up to the next midnight); a date and time carries Paris's offset (+01:00 in
// winter, +02:00 in summer) and as an end it is the first instant the campaign no longer shows.
// Internally every window is [start, end): start included, end excluded.
//
// Pure module (no node:*, Astro or DOM import): it runs in the build, in Node and in workerd.
import { zonedTime } from '../lib/zoned.ts';
import type { Campaigns, CampaignSite, CampaignWindow, Creative } from './config.ts';

/** A window bound as written: a date, or a date and time with an offset (Z is refused with a message). */
export const WINDOW_BOUND = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2}|Z))?$/;
/** Where a placement shows: « * » (every page), a page path (/pour-qui/garages/) or a prefix (/formations/*). */
export const PAGE_PATTERN = /^(?:\*|\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)*\*?)$/;
/** Years a window may fall in: anything else is a typo. */
export const MIN_YEAR = 2024;
export const MAX_YEAR = 2099;
/** No window lasts more than a year (a longer one is an error of year). */
const MAX_WINDOW_DAYS = 366;
/** The build refuses a window that starts more than this many months after the build date. */
export const HORIZON_MONTHS = 24;

export type Slot = 'banner' | 'hero';
export const SLOTS: readonly Slot[] = ['banner', 'hero'];
export const SLOT_NAMES: Record<Slot, string> = { banner: 'la bannière du site', hero: 'l’accroche du bandeau (hero)' };

type Path = (string | number)[];
export interface WindowIssue {
  /** Path of the field in campaigns.yaml. */
  path: Path;
  message: string;
}

const PARIS = 'Europe/Paris';
const wallFormat = new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const humanFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'long', timeStyle: 'short' });

/** The wall clock of Paris at an instant. */
export function parisWall(at: number) {
  const p = Object.fromEntries(wallFormat.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** Paris's offset at an instant, as written in ISO 8601 (+01:00 or +02:00). */
export function parisOffset(at: number): string {
  const w = parisWall(at);
  const minutes = Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** « 4 janvier 2027 à 00:00 » (Paris). */
export function describeInstant(at: number): string {
  return humanFormat.format(new Date(at));
}

const pad = (n: number) => String(n).padStart(2, '0');
const validDay = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const midnight = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return zonedTime(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), '00:00').getTime();
};

/**
 * The instant of a window bound. A date is midnight in Paris (as an end: the next midnight, the
 * day being the last one shown); a date and time must carry the offset Paris has at that instant.
 */
export function parseBound(value: string, which: 'start' | 'end'): { at: number } | { error: string } {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?([+-]\d{2}:\d{2}|Z)$/.exec(value);
  const parts = (day ?? time)?.slice(1, 4).map(Number);
  if (!parts) return { error: `« ${value} » : date AAAA-MM-JJ ou date et heure avec le décalage de Paris attendue (ex. 2027-01-04 ou 2027-01-04T09:00:00+01:00)` };
  const [y, m, d] = parts as [number, number, number];
  if (!validDay(y, m, d)) return { error: `« ${value} » n’est pas une date du calendrier` };
  if (y < MIN_YEAR || y > MAX_YEAR) return { error: `« ${value} » : année hors de ${MIN_YEAR}–${MAX_YEAR} (faute de frappe ?)` };
  if (day) return { at: which === 'start' ? midnight(y, m, d) : midnight(y, m, d + 1) };
  const [h, min, s] = [Number(time![4]), Number(time![5]), Number(time![6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return { error: `« ${value} » : heure invalide` };
  const offset = time![7]!;
  const wall = `${y}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:${pad(s)}`;
  // The same wall time in Paris, to suggest the right offset.
  const local = zonedTime(y, m, d, `${pad(h)}:${pad(min)}`).getTime() + s * 1000;
  const lw = parisWall(local);
  const exists = lw.year === y && lw.month === m && lw.day === d && lw.hour === h && lw.minute === min;
  if (offset === 'Z') {
    return { error: `« ${value} » : écrivez l’heure de Paris avec son décalage, pas Z${exists ? ` (ici ${wall}${parisOffset(local)})` : ''}` };
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const at = Date.UTC(y, m - 1, d, h, min, s) - sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  const w = parisWall(at);
  if (w.year !== y || w.month !== m || w.day !== d || w.hour !== h || w.minute !== min || w.second !== s) {
    if (!exists) return { error: `« ${value} » : cette heure n’existe pas à Paris (passage à l’heure d’été ce jour-là)` };
    const expected = parisOffset(local);
    return { error: `« ${value} » : à Paris, le décalage est ${expected} à cette date (heure ${expected === '+02:00' ? 'd’été' : 'd’hiver'}) ; écrivez ${wall}${expected}` };
  }
  return { at };
}

/** `at` plus `months` calendar months, on Paris's wall clock (day clamped to the month's last). */
export function addParisMonths(at: number, months: number): number {
  const w = parisWall(at);
  const index = w.month - 1 + months;
  const year = w.year + Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return zonedTime(year, month, Math.min(w.day, last), `${pad(w.hour)}:${pad(w.minute)}`).getTime() + w.second * 1000;
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

export interface Placement {
  slot: Slot;
  pages: string[];
  except: string[];
}

/** Whether a page pattern matches a path: « * », an exact path, or a prefix ending in « * ». */
export function pageMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return path === pattern;
}

export function covers(placement: Pick<Placement, 'pages' | 'except'>, path: string): boolean {
  return placement.pages.some((p) => pageMatches(p, path)) && !placement.except.some((p) => pageMatches(p, path));
}

/** A path no page of the site can have (the schema's paths are ASCII): a stand-in for « any page under ». */
const ANY = '\uffff/';

/**
 * A page both placements cover, or null: exact, whatever pages the site has or will have. A page
 * in both is either a path one of them names, or under the deeper of two prefixes; in the latter
 * case any page under it is in both unless an exception covers the whole prefix.
 */
export function sharedPage(a: Pick<Placement, 'pages' | 'except'>, b: Pick<Placement, 'pages' | 'except'>): string | null {
  const base = (p: string) => (p === '*' ? '/' : p.slice(0, -1));
  const candidates = [...a.pages, ...b.pages].filter((p) => !p.endsWith('*'));
  for (const pa of a.pages.filter((p) => p.endsWith('*'))) {
    for (const pb of b.pages.filter((p) => p.endsWith('*'))) {
      const [x, y] = [base(pa), base(pb)];
      if (x.startsWith(y)) candidates.push(x + ANY);
      else if (y.startsWith(x)) candidates.push(y + ANY);
    }
  }
  return candidates.find((path) => covers(a, path) && covers(b, path)) ?? null;
}

/** How a page of sharedPage() reads in a message. */
export function describePage(path: string): string {
  if (!path.endsWith(ANY)) return `la page ${path}`;
  const prefix = path.slice(0, -ANY.length);
  return `${prefix === '/' ? 'toute page du site' : `toute page sous ${prefix}`} qu’aucune des deux n’exclut`;
}

// ---------------------------------------------------------------------------------------------
// The campaigns of campaigns.yaml that have windows
// ---------------------------------------------------------------------------------------------

interface Source {
  key: string | undefined;
  title: string;
  path: Path;
  creatives: Creative[];
  site: CampaignSite | undefined;
  windows: CampaignWindow[] | undefined;
  durationMonths?: number;
  /** A roadmap action: its month, and the special campaign it names. */
  month?: { year: number | undefined; month: number; name: string; path: Path };
  campaign?: string;
}

function sources(c: Campaigns): Source[] {
  const list: Source[] = c.special.map((s, i) => ({ key: s.key, title: s.title, path: ['special', i], creatives: s.creatives, site: s.site, windows: s.windows, durationMonths: s.durationMonths }));
  c.roadmap.forEach((q, qi) =>
    q.months.forEach((m, mi) =>
      m.actions.forEach((a, ai) => {
        if (typeof a === 'string') return;
        list.push({
          key: a.key,
          title: a.text,
          path: ['roadmap', qi, 'months', mi, 'actions', ai],
          creatives: a.creatives ?? [],
          site: a.site,
          windows: a.windows,
          month: { year: m.year, month: m.month, name: m.name, path: ['roadmap', qi, 'months', mi] },
          campaign: a.campaign,
        });
      }),
    ),
  );
  return list;
}

/** The text of a roadmap action, whether written as a string or an object. */
export function actionText(action: string | { text: string }): string {
  return typeof action === 'string' ? action : action.text;
}

const dotted = (path: Path) => path.join('.');

/** Every problem of the campaigns' windows, placements and slots, each at its field of campaigns.yaml. */
export function checkSiteCampaigns(c: Campaigns): WindowIssue[] {
  const issues: WindowIssue[] = [];
  const add = (path: Path, message: string) => issues.push({ path, message });
  const all = sources(c);
  const specials = new Map(c.special.map((s, i) => [s.key, i]));
  const keys = new Map<string, Path>();
  const occupied: { slot: Slot; source: Source; windowPath: Path; start: number; end: number; placement: Placement }[] = [];

  for (const s of all) {
    if (s.month) {
      if (s.key !== undefined) {
        const first = keys.get(s.key) ?? (specials.has(s.key) ? ['special', specials.get(s.key)!] : undefined);
        if (first) add([...s.path, 'key'], `clé « ${s.key} » déjà utilisée (${dotted(first)})`);
        else keys.set(s.key, s.path);
      }
      if (s.site && s.key === undefined) add([...s.path, 'key'], 'une action affichée sur le site a besoin d’une clé (key)');
      if (s.campaign !== undefined) {
        const index = specials.get(s.campaign);
        if (index === undefined) add([...s.path, 'campaign'], `campagne « ${s.campaign} » inconnue dans special (${[...specials.keys()].join(', ')})`);
        else if (s.windows || s.site) add([...s.path, 'campaign'], `l’action renvoie à la campagne « ${s.campaign} » : ses dates et son affichage sont ceux de special.${index}, retirez windows et site ici`);
      }
    }
    if (s.site && !s.windows) add([...s.path, 'site'], 'site sans windows : la campagne ne s’afficherait jamais ; ajoutez ses périodes de diffusion');

    // The windows themselves.
    const parsed: { start: number; end: number; path: Path }[] = [];
    (s.windows ?? []).forEach((w, i) => {
      const path = [...s.path, 'windows', i];
      const start = parseBound(w.start, 'start');
      const end = parseBound(w.end, 'end');
      if ('error' in start) add([...path, 'start'], start.error);
      if ('error' in end) add([...path, 'end'], end.error);
      if ('error' in start || 'error' in end) return;
      if (end.at <= start.at) return add([...path, 'end'], `la fin (${describeInstant(end.at)}) doit venir après le début (${describeInstant(start.at)})`);
      if (end.at - start.at > MAX_WINDOW_DAYS * 86_400_000) return add([...path, 'end'], `une fenêtre dure au plus un an : du ${describeInstant(start.at)} au ${describeInstant(end.at)}, l’année est-elle la bonne ?`);
      if (s.durationMonths !== undefined && end.at > addParisMonths(start.at, s.durationMonths)) {
        return add([...path, 'end'], `la campagne dure ${s.durationMonths} mois (durationMonths) : elle doit finir au plus tard le ${describeInstant(addParisMonths(start.at, s.durationMonths))}, pas le ${describeInstant(end.at)}`);
      }
      const other = parsed.find((p) => p.start < end.at && start.at < p.end);
      if (other) return add(path, `chevauche la fenêtre ${dotted(other.path)} de la même campagne`);
      parsed.push({ start: start.at, end: end.at, path });
    });

    // A dated roadmap action starts in its month.
    if (s.month && (s.windows || s.campaign !== undefined)) {
      const { year, month, name } = s.month;
      if (year === undefined) add([...s.month.path, 'year'], `année obligatoire : une action de ${name} est datée (${dotted(s.path)})`);
      else {
        const special = s.campaign !== undefined ? c.special[specials.get(s.campaign) ?? -1] : undefined;
        const first = special ? special.windows?.[0] : s.windows?.[0];
        const bound = first ? parseBound(first.start, 'start') : null;
        if (special && !special.windows) add([...s.path, 'campaign'], `la campagne « ${special.key} » n’a pas de windows : l’action de ${name} ${year} n’est pas datée`);
        else if (bound && 'at' in bound) {
          const w = parisWall(bound.at);
          if (w.year !== year || w.month !== month) {
            add(special ? [...s.path, 'campaign'] : [...s.path, 'windows', 0, 'start'], `l’action est prévue en ${name} ${year} (roadmap) mais ${special ? `la campagne « ${special.key} »` : 'sa première fenêtre'} commence le ${describeInstant(bound.at)}`);
          }
        }
      }
    }

    // What it shows: a publishable creative in each placement.
    for (const slot of SLOTS) {
      const placement = s.site?.[slot];
      if (!placement) continue;
      const creative = s.creatives[placement.creative];
      if (!creative) {
        add([...s.path, 'site', slot, 'creative'], `création n° ${placement.creative} absente : creatives en compte ${s.creatives.length} (numérotées à partir de 0)`);
        continue;
      }
      if (creative.text === null) {
        add([...s.path, 'site', slot, 'creative'], `la création n° ${placement.creative} n’est pas publiable (text: null) : ${creative.note ?? 'formulation du plan à ne pas diffuser'}`);
        continue;
      }
      for (const w of parsed) occupied.push({ slot, source: s, windowPath: w.path, start: w.start, end: w.end, placement: { slot, pages: placement.pages, except: placement.except ?? [] } });
    }
  }

  // No two campaigns in the same slot, on the same page, at the same instant.
  for (let j = 0; j < occupied.length; j++) {
    const b = occupied[j]!;
    for (let i = 0; i < j; i++) {
      const a = occupied[i]!;
      if (a.slot !== b.slot || a.source === b.source || !(a.start < b.end && b.start < a.end)) continue;
      const page = sharedPage(a.placement, b.placement);
      if (page === null) continue;
      add(b.windowPath, `${SLOT_NAMES[b.slot]} est déjà occupée par « ${a.source.key} » (${dotted(a.windowPath)}, du ${describeInstant(a.start)} au ${describeInstant(a.end)}) sur ${describePage(page)} : deux campagnes ne peuvent pas occuper le même emplacement au même instant`);
      break;
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// What the edge shows
// ---------------------------------------------------------------------------------------------

export interface SiteCampaign {
  key: string;
  title: string;
  /** Its place in campaigns.yaml (special.0, roadmap.0.months.1.actions.0). */
  field: string;
  landing: string;
  linkLabel: string;
  windows: { start: number; end: number }[];
  placements: (Placement & { text: string; creative: number })[];
}

/** The campaigns that show something on the site, their windows as instants. */
export function siteCampaigns(c: Campaigns): SiteCampaign[] {
  const list: SiteCampaign[] = [];
  for (const s of sources(c)) {
    if (!s.site || !s.windows || s.key === undefined) continue;
    const windows = s.windows.flatMap((w) => {
      const start = parseBound(w.start, 'start');
      const end = parseBound(w.end, 'end');
      return 'at' in start && 'at' in end && end.at > start.at ? [{ start: start.at, end: end.at }] : [];
    });
    const placements = SLOTS.flatMap((slot) => {
      const p = s.site![slot];
      const text = p ? s.creatives[p.creative]?.text : null;
      return p && text ? [{ slot, pages: p.pages, except: p.except ?? [], text, creative: p.creative }] : [];
    });
    list.push({ key: s.key, title: s.title, field: dotted(s.path), landing: s.site.landing, linkLabel: s.site.linkLabel, windows, placements });
  }
  return list;
}

export const inWindow = (w: { start: number; end: number }, at: number) => w.start <= at && at < w.end;

/** The campaign in a slot of a page at an instant (the build guarantees at most one). */
export function inForce(list: readonly SiteCampaign[], slot: Slot, path: string, at: number): { campaign: SiteCampaign; text: string } | null {
  for (const campaign of list) {
    if (!campaign.windows.some((w) => inWindow(w, at))) continue;
    const placement = campaign.placements.find((p) => p.slot === slot && covers(p, path));
    if (placement) return { campaign, text: placement.text };
  }
  return null;
}

/** The next instant after `at` when a campaign starts or ends, or null. */
export function nextChange(list: readonly SiteCampaign[], at: number): number | null {
  let next: number | null = null;
  for (const c of list) for (const w of c.windows) for (const t of [w.start, w.end]) if (t > at && (next === null || t < next)) next = t;
  return next;
}

// ---------------------------------------------------------------------------------------------
// The build's check against the built site
// ---------------------------------------------------------------------------------------------

export interface BuiltPages {
  /** Every page path of the build (/x/). */
  paths: readonly string[];
  /** Whether a page of the build has this path. */
  exists(path: string): boolean;
  /** Whether the page's HTML contains the marker (false when the page does not exist). */
  carries(path: string, marker: string): boolean;
}

/**
 * What only the build can check: the landing pages exist, each placement's pages exist and carry
 * the slot it fills, and no window starts beyond the horizon after the build date.
 */
export function checkCampaignPages(list: readonly SiteCampaign[], site: BuiltPages, markers: Record<Slot, string>, buildDate: Date, file = 'content/marketing/campaigns.yaml'): string[] {
  const problems: string[] = [];
  const horizon = addParisMonths(buildDate.getTime(), HORIZON_MONTHS);
  for (const c of list) {
    if (!site.exists(c.landing)) problems.push(`${file}: ${c.field}.site.landing: la page ${c.landing} n’existe pas dans le site construit`);
    c.windows.forEach((w, i) => {
      if (w.start > horizon) problems.push(`${file}: ${c.field}.windows.${i}.start: commence le ${describeInstant(w.start)}, plus de ${HORIZON_MONTHS} mois après la date de construction (${describeInstant(buildDate.getTime())}) : l’année est-elle la bonne ?`);
    });
    for (const p of c.placements) {
      const field = `${file}: ${c.field}.site.${p.slot}`;
      for (const [list, name] of [[p.pages, 'pages'], [p.except, 'except']] as const) {
        list.forEach((pattern, i) => {
          if (pattern === '*') return;
          if (!pattern.endsWith('*') && !site.exists(pattern)) problems.push(`${field}.${name}.${i}: la page ${pattern} n’existe pas dans le site construit`);
          if (pattern.endsWith('*') && !site.paths.some((path) => pageMatches(pattern, path))) problems.push(`${field}.${name}.${i}: aucune page du site ne commence par ${pattern.slice(0, -1)}`);
        });
      }
      const shown = site.paths.filter((path) => covers(p, path));
      const withSlot = shown.filter((path) => site.carries(path, markers[p.slot]));
      p.pages.forEach((pattern, i) => {
        if (!pattern.endsWith('*') && site.exists(pattern) && !withSlot.includes(pattern)) {
          problems.push(`${field}.pages.${i}: la page ${pattern} n’a pas d’emplacement pour ${SLOT_NAMES[p.slot]} (${markers[p.slot]})`);
        }
      });
      if (shown.length && !withSlot.length) problems.push(`${field}.pages: aucune de ces pages n’a d’emplacement pour ${SLOT_NAMES[p.slot]}`);
    }
  }
  return problems;
}
