// The social calendar: the weekly plan of campaigns.yaml (social.weeklyPlanning) filled, day by
// day, with content of the site; the captions with their UTM links; the share kit of an article;
// the team's iCalendar feed (RFC 5545). Pure module: no node:*, Astro or DOM import, so the
// console serves it on Node and in workerd alike.
//
// Rules:
// - each entry of the plan gives one post a week (a weekend entry is one post over both days), on
//   its network, at the network's `time` (Europe/Paris) or for the whole day;
// - what it draws on is `content`: conseil (an objective of a training), temoignage (a testimonial
//   « verifie »; while only « exemple » ones exist, an example flagged « à remplacer », never
//   publishable), coulisses (how a training runs: tutoring, assessments, practical part), article
//   (the article published in the 7 days up to the post, else the newest one never shared, else
//   the one shared longest ago), quiz (a question of questions.yaml on a technical topic), tutoriel
//   (a module of a training);
// - a webinar still planned is announced a week before and the day before, on the network of
//   that day's plan;
// - deterministic: a post depends only on its day and the content, never on the day the calendar
//   is asked for. Pools rotate by ISO week counted from EPOCH, in an order fixed by a hash of each
//   item's id: no item comes back before the whole pool has been used. The article rotation is
//   replayed from the oldest article, so « not shared yet » means the same thing whatever the range.
import type { Marketing, SocialNetwork } from './config.ts';
import { SOCIAL_LABELS } from './config.ts';
import { webinarDateText, type WebinarInfo } from './webinars.ts';
import { frenchText } from '../lib/typography.ts';
import { parisDay } from '../lib/calendar.ts';
import { zonedTime } from '../lib/zoned.ts';

// --- what the calendar reads (written by src/edge/social-sources.ts into the rules snapshot) ---

export interface SocialArticle {
  slug: string;
  title: string;
  description: string;
  /** YYYY-MM-DD (Europe/Paris). */
  publishDate: string;
  draft: boolean;
}
export interface SocialTestimonial {
  /** The file's name without extension. */
  slug: string;
  name: string;
  role: string;
  quote: string;
  training: string;
  status: 'exemple' | 'verifie';
}
export interface SocialTraining {
  slug: string;
  title: string;
  shortTitle: string;
  objectives: string[];
  modules: { title: string; topics: string[] }[];
  distance: { tutoring: string; assessments: string; practical: string };
}
export interface SocialQuestion {
  question: string;
  answer: string;
  topic: string;
  page: string;
}
export interface SocialSources {
  articles: SocialArticle[];
  testimonials: SocialTestimonial[];
  trainings: SocialTraining[];
  questions: SocialQuestion[];
}

export interface CalendarInput {
  social: Marketing['campaigns']['social'];
  /** Origin of the links (organization.yaml siteUrl). */
  siteUrl: string;
  sources: SocialSources;
  webinars: readonly WebinarInfo[];
}

export type SocialKind = Marketing['campaigns']['social']['weeklyPlanning'][number]['content'] | 'webinaire';

export interface SocialPost {
  /** Stable per day, network and kind (and webinar): the calendar event's UID. */
  uid: string;
  /** First day, YYYY-MM-DD (Europe/Paris). */
  date: string;
  /** Every day the post covers (two for the weekend). */
  days: string[];
  network: SocialNetwork;
  networkLabel: string;
  theme: string;
  kind: SocialKind;
  /** HH:MM (Europe/Paris) for a one-day post on a network with a time; null: the whole day. */
  time: string | null;
  item: { id: string; title: string; path: string } | null;
  /** The text to post (French typography), hashtags included. */
  caption: string;
  hashtags: string[];
  /** The page with its UTM parameters, or null when there is nothing to post. */
  link: string | null;
  /** For the team only: the quiz's answer, what visual to prepare, a warning. */
  notes: string[];
  /** False for an example testimonial or a day with no content: never post it as is. */
  publishable: boolean;
  /** The article's share kit (/partage/<slug>/), for article posts. */
  kit: string | null;
}

// --- days -------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
/** A Monday: week 0 of every rotation. */
export const EPOCH = '2024-01-01';
export const WEEKDAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
/** Question topics a technical quiz draws on (src/assistant/questions.ts QUESTION_TOPICS). */
export const QUIZ_TOPICS = ['habilitation-electrique', 'examen-diplome', 'pratique-stage', 'duree-rythme', 'distance-outils', 'debouches'];
/** The three sides of a training a « coulisses » post shows. */
const BACKSTAGE = [
  { key: 'tutoring', label: 'qui répond à vos questions' },
  { key: 'assessments', label: 'comment vos acquis sont évalués' },
  { key: 'practical', label: 'la partie pratique' },
] as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const utc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(utc(day) + n * DAY_MS);
/** 0 for Monday … 6 for Sunday. */
export const weekdayIndex = (day: string) => (new Date(utc(day)).getUTCDay() + 6) % 7;
/** ISO weeks since EPOCH (negative before it). */
export const weekIndex = (day: string) => Math.floor((utc(day) - utc(EPOCH)) / (7 * DAY_MS));
const mondayOf = (week: number) => dayOf(utc(EPOCH) + week * 7 * DAY_MS);
const mod = (n: number, m: number) => ((n % m) + m) % m;

/** A real calendar day YYYY-MM-DD, or null. */
export function validDay(value: string): string | null {
  return DAY.test(value) && dayOf(utc(value)) === value ? value : null;
}

/** FNV-1a, 32 bits: the fixed order of a rotation. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
function ordered<T extends { id: string }>(pool: T[]): T[] {
  return [...pool].sort((a, b) => hash(a.id) - hash(b.id) || a.id.localeCompare(b.id));
}

// --- links ------------------------------------------------------------------------------------

/** The page's address with utm_source=<network>, utm_medium=social, utm_campaign, utm_content. */
export function utmLink(siteUrl: string, path: string, utm: { network: SocialNetwork; campaign: string; content: string }): string {
  const url = new URL(path, siteUrl);
  url.searchParams.set('utm_source', utm.network);
  url.searchParams.set('utm_medium', 'social');
  url.searchParams.set('utm_campaign', utm.campaign);
  url.searchParams.set('utm_content', utm.content);
  return url.toString();
}

export const CALENDAR_CAMPAIGN = 'calendrier-social';
export const KIT_CONTENT = 'kit-partage';
export const shareKitPath = (slug: string) => `/partage/${slug}/`;

/** Where a link cannot be clicked in a caption, the post says « lien en bio ». */
const NO_LINK_IN_CAPTION: ReadonlySet<SocialNetwork> = new Set(['instagram', 'tiktok']);

/** The longest caption each network accepts (their help pages: LinkedIn 3 000, Instagram and TikTok 2 200, YouTube description 5 000). */
export const CAPTION_LIMITS: Record<SocialNetwork, number> = { linkedin: 3000, facebook: 63206, instagram: 2200, tiktok: 2200, youtube: 5000 };

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const stripStop = (s: string) => s.replace(/[.\s]+$/, '');

interface Draft {
  item: SocialPost['item'];
  /** The caption's paragraphs before the link. */
  body: string[];
  /** The words before the link: « À lire sur notre blog ». */
  cta: string;
  campaign: string;
  notes: string[];
  publishable: boolean;
  kit: string | null;
}

function compose(draft: Draft, network: SocialNetwork, siteUrl: string, content: string, hashtags: string[]) {
  const link = draft.item ? utmLink(siteUrl, draft.item.path, { network, campaign: draft.campaign, content }) : null;
  const paragraphs = draft.body.map((p) => frenchText(p));
  if (link) paragraphs.push(NO_LINK_IN_CAPTION.has(network) ? frenchText(`${draft.cta} : lien en bio.`) : `${frenchText(`${draft.cta} :`)} ${link}`);
  if (hashtags.length) paragraphs.push(hashtags.join(' '));
  return { caption: paragraphs.join('\n\n'), link, notes: [...draft.notes] };
}

// --- the content of each kind -----------------------------------------------------------------

type Picker = (week: number) => Draft | null;

function pickers(input: CalendarInput): Record<Exclude<SocialKind, 'webinaire'>, Picker> {
  const { sources } = input;
  const trainingTitle = (slug: string) => sources.trainings.find((t) => t.slug === slug)?.title ?? slug;
  const rotate = <T extends { id: string }>(pool: T[]) => {
    const list = ordered(pool);
    return (week: number) => (list.length ? list[mod(week, list.length)]! : null);
  };

  const tips = rotate(sources.trainings.flatMap((t) => t.objectives.map((objective) => ({ id: `${t.slug}:${objective}`, t, objective }))));
  const verified = sources.testimonials.filter((t) => t.status === 'verifie');
  const testimonials = rotate((verified.length ? verified : sources.testimonials).map((t) => ({ id: t.slug, t })));
  const backstage = rotate(sources.trainings.flatMap((t) => BACKSTAGE.map((side) => ({ id: `${t.slug}:${side.key}`, t, side }))));
  const quizzes = rotate(sources.questions.filter((q) => QUIZ_TOPICS.includes(q.topic)).map((q) => ({ id: q.question, q })));
  const tutorials = rotate(sources.trainings.flatMap((t) => t.modules.map((m) => ({ id: `${t.slug}:${m.title}`, t, m }))));
  const articleOfWeek = articleRotation(input);

  return {
    conseil: (week) => {
      const x = tips(week);
      if (!x) return null;
      return {
        item: { id: x.id, title: stripStop(x.objective), path: `/formations/${x.t.slug}/` },
        body: ['Conseil technique du lundi', `${stripStop(x.objective)}.`, `Un savoir-faire travaillé dans la formation « ${x.t.title} », à distance.`],
        cta: 'Programme, durée et financements',
        campaign: CALENDAR_CAMPAIGN,
        notes: [],
        publishable: true,
        kit: null,
      };
    },
    temoignage: (week) => {
      const x = testimonials(week);
      if (!x) return null;
      const example = x.t.status !== 'verifie';
      return {
        item: { id: x.id, title: `${x.t.name}, ${x.t.role}`, path: '/temoignages/' },
        body: [
          ...(example ? ['[À REMPLACER : témoignage d’exemple, à ne pas publier. Remplacez-le par un témoignage réel recueilli avec accord écrit, au statut « verifie » dans content/testimonials/.]'] : []),
          `« ${x.t.quote} »`,
          `${x.t.name}, ${lower(x.t.role)}, a suivi la formation « ${trainingTitle(x.t.training)} ».`,
        ],
        cta: 'D’autres parcours',
        campaign: CALENDAR_CAMPAIGN,
        notes: example ? [`Témoignage d’exemple (content/testimonials/${x.t.slug}.yaml, statut « exemple ») : ne pas le publier comme réel.`] : [],
        publishable: !example,
        kit: null,
      };
    },
    coulisses: (week) => {
      const x = backstage(week);
      if (!x) return null;
      return {
        item: { id: x.id, title: `${x.t.shortTitle} : ${x.side.label}`, path: `/formations/${x.t.slug}/` },
        body: [`Dans les coulisses de la formation « ${x.t.shortTitle} » : ${x.side.label}.`, x.t.distance[x.side.key]],
        cta: 'Toute la formation',
        campaign: CALENDAR_CAMPAIGN,
        notes: ['Visuel : une photo ou une courte vidéo de l’équipe ou du plateau technique, avec l’accord des personnes filmées.'],
        publishable: true,
        kit: null,
      };
    },
    article: (week) => {
      const a = articleOfWeek(week);
      if (!a) return null;
      return {
        item: { id: a.slug, title: a.title, path: `/blog/${a.slug}/` },
        body: [a.title, a.description],
        cta: 'À lire sur notre blog',
        campaign: a.slug,
        notes: [],
        publishable: true,
        kit: shareKitPath(a.slug),
      };
    },
    quiz: (week) => {
      const x = quizzes(week);
      if (!x) return null;
      return {
        item: { id: x.id, title: x.q.question, path: x.q.page },
        body: [`Quiz du vendredi : ${x.q.question}`, 'Votre réponse en commentaire ! La réponse en fin de vidéo, et en détail sur notre site.'],
        cta: 'La réponse complète',
        campaign: CALENDAR_CAMPAIGN,
        notes: [`Réponse à donner dans la vidéo : ${frenchText(x.q.answer)}`],
        publishable: true,
        kit: null,
      };
    },
    tutoriel: (week) => {
      const x = tutorials(week);
      if (!x) return null;
      return {
        item: { id: x.id, title: x.m.title, path: `/formations/${x.t.slug}/` },
        body: [`Tutoriel : ${x.m.title}`, `Au programme :\n${x.m.topics.map((t) => `- ${t}`).join('\n')}`, `Ce tutoriel reprend un module de la formation « ${x.t.title} ».`],
        cta: 'Le programme complet',
        campaign: CALENDAR_CAMPAIGN,
        notes: ['Vidéo longue à tourner par l’équipe pédagogique : le plan suit les contenus du module.'],
        publishable: true,
        kit: null,
      };
    },
  };
}

/**
 * The article of the « article » post of a week: the newest one published in the 7 days up to the
 * post and not shared yet, else the newest never shared, else the one shared longest ago. Replayed
 * week by week from the oldest article, so the answer depends only on the week and the content.
 */
function articleRotation(input: CalendarInput) {
  const articles = input.sources.articles.filter((a) => !a.draft && validDay(a.publishDate)).sort((a, b) => b.publishDate.localeCompare(a.publishDate) || a.slug.localeCompare(b.slug));
  const entry = input.social.weeklyPlanning.find((p) => p.content === 'article');
  const offset = entry ? Math.min(...entry.days.map((d) => WEEKDAY_NAMES.indexOf(d))) : 3;
  const memo = new Map<number, SocialArticle | null>();
  const shared = new Map<string, number>();
  let replayed: number | null = null;
  const first = articles.length ? weekIndex(articles.at(-1)!.publishDate) : 0;
  return (week: number): SocialArticle | null => {
    if (!articles.length || week < first) return null;
    for (let w = replayed === null ? first : replayed + 1; w <= week; w++) {
      const day = addDays(mondayOf(w), offset);
      const out = articles.filter((a) => a.publishDate <= day);
      const fresh = out.find((a) => a.publishDate > addDays(day, -7) && !shared.has(a.slug));
      const never = out.find((a) => !shared.has(a.slug));
      const oldest = [...out].sort((a, b) => shared.get(a.slug)! - shared.get(b.slug)!)[0];
      const pick = fresh ?? never ?? oldest ?? null;
      if (pick) shared.set(pick.slug, w);
      memo.set(w, pick);
      replayed = w;
    }
    return memo.get(week) ?? null;
  };
}

// --- the calendar -----------------------------------------------------------------------------

/** Every post of the `weeks` weeks from `from` (YYYY-MM-DD, Europe/Paris), by date then time. */
export function socialCalendar(input: CalendarInput, from: string, weeks: number): SocialPost[] {
  if (!validDay(from)) throw new Error(`date de début « ${from} » : date AAAA-MM-JJ attendue`);
  const last = addDays(from, weeks * 7 - 1);
  const inRange = (day: string) => day >= from && day <= last;
  const { social, siteUrl } = input;
  const host = new URL(siteUrl).hostname;
  const networkOf = (n: SocialNetwork) => social.networks.find((x) => x.network === n);
  const pick = pickers(input);
  const posts: SocialPost[] = [];

  for (let week = weekIndex(from); week <= weekIndex(last); week++) {
    const monday = mondayOf(week);
    for (const entry of social.weeklyPlanning) {
      const days = [...entry.days].map((d) => WEEKDAY_NAMES.indexOf(d)).sort((a, b) => a - b).map((i) => addDays(monday, i));
      if (!days.some(inRange)) continue;
      const date = days[0]!;
      const draft = pick[entry.content](week);
      const hashtags = [...new Set([...social.hashtags, ...entry.hashtags])];
      const time = days.length === 1 ? (networkOf(entry.network)?.time ?? null) : null;
      const base = { date, days, network: entry.network, networkLabel: networkOf(entry.network)?.label ?? SOCIAL_LABELS[entry.network], theme: entry.theme, kind: entry.content, time };
      const uid = `${date}-${entry.network}-${entry.content}@${host}`;
      if (!draft) {
        posts.push({ ...base, uid, item: null, caption: '', hashtags, link: null, notes: [`Rien à publier : aucun contenu de type « ${entry.content} » sur le site (voir content/).`], publishable: false, kit: null });
        continue;
      }
      const { caption, link, notes } = compose(draft, entry.network, siteUrl, date, hashtags);
      posts.push({ ...base, uid, item: draft.item, caption, hashtags, link, notes, publishable: draft.publishable, kit: draft.kit });
    }
  }

  // Webinars still planned: a week before and the day before, on that day's network.
  for (const w of input.webinars) {
    if (w.status === 'annule') continue;
    const session = parisDay(new Date(w.startsAt));
    for (const before of [7, 1]) {
      const date = addDays(session, -before);
      if (!inRange(date)) continue;
      const entry = social.weeklyPlanning.find((p) => p.days.includes(WEEKDAY_NAMES[weekdayIndex(date)]!)) ?? social.weeklyPlanning[0];
      if (!entry) continue;
      const network = entry.network;
      const draft: Draft = {
        item: { id: w.slug, title: w.title, path: `/webinaires/${w.slug}/` },
        body: before === 1 ? [`C’est demain : webinaire gratuit en ligne, ${webinarDateText(w)}.`, `« ${w.title} »`, w.description] : [`Webinaire gratuit en ligne ${webinarDateText(w)}.`, `« ${w.title} »`, w.description],
        cta: 'Inscription gratuite',
        campaign: CALENDAR_CAMPAIGN,
        notes: [before === 1 ? 'Rappel de la veille.' : 'Annonce une semaine avant.'],
        publishable: true,
        kit: null,
      };
      const hashtags = [...new Set([...social.hashtags, '#Webinaire'])];
      const { caption, link, notes } = compose(draft, network, siteUrl, date, hashtags);
      posts.push({
        uid: `${date}-${network}-webinaire-${w.slug}@${host}`,
        date,
        days: [date],
        network,
        networkLabel: networkOf(network)?.label ?? SOCIAL_LABELS[network],
        theme: before === 1 ? 'Rappel de webinaire' : 'Annonce de webinaire',
        kind: 'webinaire',
        time: networkOf(network)?.time ?? null,
        item: draft.item,
        caption,
        hashtags,
        link,
        notes,
        publishable: true,
        kit: null,
      });
    }
  }
  return posts.sort((a, b) => a.date.localeCompare(b.date) || (a.time ?? '').localeCompare(b.time ?? '') || a.uid.localeCompare(b.uid));
}

/** The Monday of the week of `day`: the console and the feed start there. */
export function weekStart(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

// --- the share kit of an article --------------------------------------------------------------

export const SHARE_FORMATS = [
  { key: '1200x630', width: 1200, height: 630, label: 'Lien partagé sur LinkedIn et Facebook' },
  { key: '1080x1080', width: 1080, height: 1080, label: 'Publication carrée Instagram' },
  { key: '1080x1920', width: 1080, height: 1920, label: 'Format vertical : stories, TikTok, YouTube Shorts' },
] as const;
export type ShareFormat = (typeof SHARE_FORMATS)[number]['key'];

export interface ShareKit {
  article: SocialArticle;
  images: { key: ShareFormat; width: number; height: number; label: string; path: string }[];
  captions: { network: SocialNetwork; networkLabel: string; caption: string; link: string }[];
}

/** The article's images (written by the build under /partage/<slug>/) and a caption per network. */
export function shareKit(input: Pick<CalendarInput, 'social' | 'siteUrl' | 'sources'>, slug: string): ShareKit | null {
  const article = input.sources.articles.find((a) => a.slug === slug);
  if (!article) return null;
  const images = SHARE_FORMATS.map((f) => ({ ...f, path: `${shareKitPath(slug)}${f.key}.png` }));
  const draft: Draft = {
    item: { id: slug, title: article.title, path: `/blog/${slug}/` },
    body: [article.title, article.description],
    cta: 'À lire sur notre blog',
    campaign: slug,
    notes: [],
    publishable: true,
    kit: shareKitPath(slug),
  };
  const captions = input.social.networks.map((n) => {
    const { caption, link } = compose(draft, n.network, input.siteUrl, KIT_CONTENT, input.social.hashtags);
    return { network: n.network, networkLabel: n.label, caption, link: link! };
  });
  return { article, images, captions };
}

// --- the iCalendar feed -----------------------------------------------------------------------

const encoder = new TextEncoder();
/**
 * RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks escaped; the other control
 * characters, which a TEXT value may not hold, dropped (tab aside).
 */
export const escapeText = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
/** RFC 5545 §3.1: lines of 75 octets at most, folded with CRLF + space, never inside a character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n ');
}
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const dateValue = (day: string) => day.replace(/-/g, '');

/** The summary of a post in the team's calendar: « LinkedIn — Conseil technique : … ». */
export function postSummary(p: SocialPost): string {
  const what = p.item ? `${p.theme} : ${p.item.title}` : `${p.theme} : rien à publier`;
  return frenchText(`${p.publishable ? '' : 'À REMPLACER — '}${p.networkLabel} — ${what}`);
}

/** The calendar's description of a post: caption, link, notes for the team. */
export function postDescription(p: SocialPost, siteUrl: string): string {
  return [
    p.caption || '(pas de texte)',
    ...(p.link && !p.caption.includes(p.link) ? [`${frenchText(`Lien${NO_LINK_IN_CAPTION.has(p.network) ? ' à mettre en bio ou en sticker' : ''} :`)} ${p.link}`] : []),
    ...(p.kit ? [`${frenchText('Kit de partage :')} ${new URL(p.kit, siteUrl).toString()}`] : []),
    ...p.notes.map((n) => frenchText(`Pour l’équipe : ${n}`)),
  ].join('\n\n');
}

export function socialIcs(posts: readonly SocialPost[], options: { siteUrl: string; now: Date; name?: string }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MecaFormation//Calendrier social//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name ?? 'Calendrier social MécaFormation')}`,
    `X-WR-CALDESC:${escapeText('Les publications prévues sur les réseaux sociaux, tirées du contenu du site (campaigns.yaml, social).')}`,
    'X-WR-TIMEZONE:Europe/Paris',
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
  ];
  for (const p of posts) {
    lines.push('BEGIN:VEVENT', `UID:${p.uid}`, `DTSTAMP:${stamp(options.now)}`);
    if (p.time) {
      const start = zonedTime(Number(p.date.slice(0, 4)), Number(p.date.slice(5, 7)), Number(p.date.slice(8, 10)), p.time);
      lines.push(`DTSTART:${stamp(start)}`, `DTEND:${stamp(new Date(start.getTime() + 30 * 60_000))}`);
    } else {
      lines.push(`DTSTART;VALUE=DATE:${dateValue(p.date)}`, `DTEND;VALUE=DATE:${dateValue(addDays(p.days.at(-1)!, 1))}`);
    }
    lines.push(
      `SUMMARY:${escapeText(postSummary(p))}`,
      `DESCRIPTION:${escapeText(postDescription(p, options.siteUrl))}`,
      ...(p.link ? [`URL:${p.link}`] : []),
      `CATEGORIES:${escapeText(p.networkLabel)},${escapeText(p.theme)}`,
      `STATUS:${p.publishable ? 'CONFIRMED' : 'TENTATIVE'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** The calendar input from a rules snapshot (the edge, the CLI). */
export function calendarInput(rules: { marketing: Marketing; webinarEvents?: readonly WebinarInfo[]; social?: SocialSources }, siteUrl = rules.marketing.organization.siteUrl): CalendarInput {
  return {
    social: rules.marketing.campaigns.social,
    siteUrl,
    sources: rules.social ?? { articles: [], testimonials: [], trainings: [], questions: [] },
    webinars: rules.webinarEvents ?? [],
  };
}
