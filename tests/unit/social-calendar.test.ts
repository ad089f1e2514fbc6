// The social calendar (issue 15, part 4): the weekly plan filled with the site's content, the same
// item for the same day whatever range is asked, rotations without repeats, example testimonials
// never publishable, captions with their UTM links, webinars announced a week and a day before,
// the team's iCalendar feed parsed by ical.js, the share kit's images and captions, and the
// social profiles of organization.yaml (validated, shown only once filled).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { readRules } from '../../src/edge/rules-snapshot';
import {
  CAPTION_LIMITS,
  QUIZ_TOPICS,
  SHARE_FORMATS,
  addDays,
  calendarInput,
  foldLine,
  shareKit,
  socialCalendar,
  socialIcs,
  weekStart,
  weekdayIndex,
  type CalendarInput,
  type SocialPost,
} from '../../src/marketing/social-calendar';
import { FILES, MarketingConfigError, parseMarketing } from '../../src/marketing/load';
import { organizationSchema } from '../../src/marketing/config';
import { socialProfiles } from '../../src/lib/school-facts';
import { organizationLd } from '../../src/seo/jsonld';
import { renderOgPng } from '../../src/seo/og';
import { frenchText } from '../../src/lib/typography';
import type { WebinarInfo } from '../../src/marketing/webinars';

const rules = readRules('content');
const real = calendarInput(rules);
const FROM = '2026-11-23';
const NNBSP = '\u202f';

/** The real content with other sources or webinars. */
const withSources = (patch: Partial<CalendarInput['sources']>, webinars: WebinarInfo[] = []): CalendarInput => ({ ...real, sources: { ...real.sources, ...patch }, webinars });
const byKind = (posts: SocialPost[], kind: SocialPost['kind']) => posts.filter((p) => p.kind === kind);
const webinar = (slug: string, startsAt: string, status: WebinarInfo['status'] = 'prevu'): WebinarInfo => ({
  slug,
  title: 'Véhicules électriques : sécurité à l’atelier',
  description: 'Une heure en ligne pour savoir ce que change la haute tension dans le travail de tous les jours.',
  startsAt,
  durationMinutes: 60,
  capacity: 50,
  status,
  previousStartsAt: status === 'reporte' ? '2026-12-01T17:30:00.000Z' : null,
  joinUrl: null,
  replayUrl: null,
  speaker: { name: 'Équipe pédagogique', role: 'Formateurs' },
});

describe('the publication calendar', () => {
  const posts = socialCalendar(real, FROM, 8);

  it('gives each entry of the weekly plan one post a week, on its day and network, from the content', () => {
    const plan = real.social.weeklyPlanning;
    const weekly = posts.filter((p) => p.kind !== 'webinaire');
    expect(weekly).toHaveLength(plan.length * 8);
    const names = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
    for (const p of weekly) {
      const entry = plan.find((e) => e.content === p.kind)!;
      expect(p.network).toBe(entry.network);
      expect(p.days.map((d) => names[weekdayIndex(d)])).toEqual(entry.days);
      expect(p.item, p.uid).not.toBeNull();
    }
    // Monday: a technical tip on LinkedIn at its hour; the weekend: one YouTube post over both days.
    expect(posts[0]).toMatchObject({ date: FROM, network: 'linkedin', theme: 'Conseil technique', time: '08:30' });
    const weekend = byKind(posts, 'tutoriel')[0]!;
    expect(weekend).toMatchObject({ date: '2026-11-28', days: ['2026-11-28', '2026-11-29'], network: 'youtube', time: null });
    // Every week of the range is covered, every UID is unique.
    expect(new Set(posts.map((p) => weekStart(p.date))).size).toBe(8);
    expect(new Set(posts.map((p) => p.uid)).size).toBe(posts.length);
  });

  it('is deterministic: the same day gets the same item and text whatever range is asked', () => {
    const later = socialCalendar(real, '2026-12-09', 6);
    const earlier = new Map(posts.map((p) => [p.uid, p]));
    const shared = later.filter((p) => earlier.has(p.uid));
    expect(shared.length).toBeGreaterThan(20);
    for (const p of shared) expect(p).toEqual(earlier.get(p.uid));
    expect(socialCalendar(real, FROM, 8)).toEqual(posts);
  });

  it('rotates each pool without a repeat until all of it has been used', () => {
    const weeks = 30;
    const long = socialCalendar(real, FROM, weeks);
    const pools = {
      conseil: real.sources.trainings.flatMap((t) => t.objectives).length,
      coulisses: real.sources.trainings.length * 3,
      quiz: real.sources.questions.filter((q) => QUIZ_TOPICS.includes(q.topic)).length,
      tutoriel: real.sources.trainings.flatMap((t) => t.modules).length,
    } as const;
    for (const [kind, size] of Object.entries(pools)) {
      const ids = byKind(long, kind as SocialPost['kind']).map((p) => p.item!.id);
      const window = Math.min(size, weeks);
      expect(new Set(ids.slice(0, window)).size, kind).toBe(window);
    }
    // Six testimonials: weeks 1 to 6 are six different ones, week 7 starts over.
    const testimonials = byKind(long, 'temoignage').map((p) => p.item!.id);
    expect(new Set(testimonials.slice(0, 6)).size).toBe(6);
    expect(testimonials[6]).toBe(testimonials[0]);
  });

  it('the article post: the one of the week, else the newest never shared, else the one shared longest ago', () => {
    const article = (slug: string, publishDate: string, draft = false) => ({ slug, title: `Article ${slug}`, description: `Le résumé de l’article ${slug}.`, publishDate, draft });
    const input = withSources({
      articles: [article('ancien', '2026-10-01'), article('moyen', '2026-10-20'), article('semaine', '2026-11-24'), article('brouillon', '2026-11-25', true), article('futur', '2027-03-01')],
    });
    const thursdays = byKind(socialCalendar(input, FROM, 4), 'article');
    expect(thursdays.map((p) => [p.date, p.item!.id])).toEqual([
      ['2026-11-26', 'semaine'], // published that week
      ['2026-12-03', 'ancien'], // all shared once already (replayed since October): the longest ago
      ['2026-12-10', 'moyen'],
      ['2026-12-17', 'semaine'],
    ]);
    expect(thursdays.every((p) => p.item!.id !== 'brouillon' && p.item!.id !== 'futur')).toBe(true);
    // The article's own slug is its campaign; its share kit goes with it.
    expect(new URL(thursdays[0]!.link!).searchParams.get('utm_campaign')).toBe('semaine');
    expect(thursdays[0]!.kit).toBe('/partage/semaine/');
    // No article at all: the day says so and is not publishable.
    const none = byKind(socialCalendar(withSources({ articles: [] }), FROM, 1), 'article')[0]!;
    expect(none).toMatchObject({ item: null, link: null, publishable: false, caption: '' });
  });

  it('never publishes an example testimonial as real: verified ones only, else the example flagged « à remplacer »', () => {
    const examples = byKind(posts, 'temoignage');
    expect(real.sources.testimonials.every((t) => t.status === 'exemple')).toBe(true);
    for (const p of examples) {
      expect(p.publishable).toBe(false);
      expect(p.caption).toMatch(/^\[À REMPLACER/);
      expect(p.notes.join(' ')).toMatch(/ne pas le publier comme réel/);
    }
    const verified = { ...real.sources.testimonials[0]!, slug: 'vrai', name: 'Julie P.', status: 'verifie' as const };
    const mixed = byKind(socialCalendar(withSources({ testimonials: [...real.sources.testimonials, verified] }), FROM, 8), 'temoignage');
    expect(mixed.every((p) => p.item!.id === 'vrai' && p.publishable && !p.caption.includes('REMPLACER'))).toBe(true);
  });

  it('writes every caption in French with its UTM link to the page, within each network’s limit', () => {
    for (const p of posts) {
      const url = new URL(p.link!);
      expect(url.origin).toBe('https://www.mecaformation.fr');
      expect(url.pathname).toBe(p.item!.path);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        utm_source: p.network,
        utm_medium: 'social',
        utm_campaign: p.kind === 'article' ? p.item!.id : 'calendrier-social',
        utm_content: p.date,
      });
      // Clickable where the network allows it; « lien en bio » where it does not.
      if (p.network === 'instagram' || p.network === 'tiktok') {
        expect(p.caption).toContain('lien en bio');
        expect(p.caption).not.toContain('https://');
      } else expect(p.caption).toContain(p.link);
      expect(p.caption.length).toBeLessThanOrEqual(CAPTION_LIMITS[p.network]);
      for (const tag of ['#MécaFormation', ...p.hashtags]) expect(p.caption).toContain(tag);
      // French typography: a narrow no-break space before : ; ! ? (URLs aside), typographic apostrophes.
      const text = p.caption.replace(/https:\/\/\S+/g, '');
      expect(text, p.uid).not.toMatch(/ [:;!?]/);
      expect(text, p.uid).not.toMatch(/[A-Za-zé]'[A-Za-z]/);
      expect(text).toContain(`${NNBSP}:`);
    }
  });

  it('announces a planned webinar a week before and the day before, never a cancelled one', () => {
    const input = withSources({}, [webinar('ve-securite', '2026-12-10T17:30:00.000Z'), webinar('annule', '2026-12-11T17:30:00.000Z', 'annule')]);
    const announces = byKind(socialCalendar(input, FROM, 4), 'webinaire');
    expect(announces.map((p) => [p.date, p.network, p.theme])).toEqual([
      ['2026-12-03', 'linkedin', 'Annonce de webinaire'],
      ['2026-12-09', 'instagram', 'Rappel de webinaire'],
    ]);
    expect(announces[0]!.caption).toContain('le jeudi 10\u00a0décembre 2026, de 18\u00a0h\u00a030 à 19\u00a0h\u00a030');
    expect(announces[0]!.link).toContain('/webinaires/ve-securite/?utm_source=linkedin');
    expect(announces[1]!.caption).toMatch(/^C’est demain/);
    expect(announces[0]!.uid).toBe('2026-12-03-linkedin-webinaire-ve-securite@www.mecaformation.fr');
  });
});

describe('the iCalendar feed', () => {
  const posts = socialCalendar(real, FROM, 8);
  const ics = socialIcs(posts, { siteUrl: real.siteUrl, now: new Date('2026-11-23T07:00:00Z') });
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

  it('parses with ical.js and lists every post of the coming weeks, one event each', () => {
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Calendrier social MécaFormation');
    expect(events).toHaveLength(posts.length);
    const weeks = new Set(events.map((e) => weekStart(e.startDate.toJSDate().toISOString().slice(0, 10))));
    expect([...weeks].sort()).toEqual(Array.from({ length: 8 }, (_, i) => addDays(FROM, i * 7)));
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('each event: summary « Réseau — Thème : … », the caption and link in the description, URL, stable UID', () => {
    const monday = events[0]!;
    expect(monday.uid).toBe('2026-11-23-linkedin-conseil@www.mecaformation.fr');
    expect(monday.summary).toMatch(/^LinkedIn — Conseil technique\u202f: /);
    expect(monday.description).toContain(posts[0]!.caption);
    expect(monday.component.getFirstPropertyValue('url')).toBe(posts[0]!.link);
    // 08:30 in Paris is 07:30 UTC in November; half an hour in the team's calendar.
    expect(monday.startDate.toJSDate().toISOString()).toBe('2026-11-23T07:30:00.000Z');
    expect(monday.endDate.toJSDate().toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // The weekend tutorial: one all-day event over Saturday and Sunday.
    const weekend = events.find((e) => e.uid.startsWith('2026-11-28-youtube'))!;
    expect(weekend.startDate.isDate).toBe(true);
    expect(weekend.startDate.toString()).toBe('2026-11-28');
    expect(weekend.endDate.toString()).toBe('2026-11-30');
    // An example testimonial: tentative, and its summary says to replace it.
    const example = events.find((e) => e.uid.startsWith('2026-11-24-facebook'))!;
    expect(example.summary).toMatch(/^À REMPLACER — Facebook — Témoignage/);
    expect(example.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    // Instagram's caption has no link: the description gives it for the bio.
    const instagram = events.find((e) => e.uid.startsWith('2026-11-25-instagram'))!;
    expect(instagram.description).toMatch(/Lien à mettre en bio ou en sticker\u202f: https:\/\/www\.mecaformation\.fr\/formations\//);
  });

  it('every event has its UID and DTSTAMP (UTC); the feed says it is stamped now', () => {
    const raw = ics.split('\r\n');
    expect(raw.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(posts.length);
    expect(raw.filter((l) => l === 'DTSTAMP:20261123T070000Z')).toHaveLength(posts.length);
    for (const e of events) expect(e.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-23T07:00:00Z');
  });

  it('escapes backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11) and drops control characters', () => {
    const odd = 'Moteur 1,6 l; « C:\\atelier »\r\nligne 2\rligne 3\u0007';
    const post: SocialPost = { ...posts[0]!, uid: 'x@www.mecaformation.fr', theme: odd, item: { id: 'x', title: odd, path: '/' }, caption: odd, notes: [], networkLabel: 'Linked,In' };
    const text = socialIcs([post], { siteUrl: real.siteUrl, now: new Date('2026-11-23T07:00:00Z') });
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('DESCRIPTION:Moteur 1\\,6 l\\; « C:\\\\atelier »\\nligne 2\\nligne 3\\n');
    expect(unfolded).toContain('CATEGORIES:Linked\\,In,Moteur 1\\,6 l\\;');
    expect(text).not.toContain('\u0007');
    // Only CRLF line ends: no bare CR or LF left in the file.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [event] = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(event!.description.startsWith('Moteur 1,6 l; « C:\\atelier »\nligne 2\nligne 3\n')).toBe(true);
    // Two categories, the comma inside the first one kept.
    expect(event!.component.getFirstProperty('categories')!.getValues()).toEqual(['Linked,In', 'Moteur 1,6 l; « C:\\atelier »\nligne 2\nligne 3']);
  });

  it('folds lines at 75 octets with CRLF, never inside a character', () => {
    const lines = ics.split('\r\n');
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(60)}`);
    expect(folded.split('\r\n ').join('')).toBe(`DESCRIPTION:${'é'.repeat(60)}`);
    expect(folded).not.toContain('\ufffd');
  });
});

describe('the share kit of an article', () => {
  it('three images under /partage/<slug>/ and one caption per network with its UTM link', () => {
    const kit = shareKit(real, 'formation-a-distance-5-avantages')!;
    expect(kit.images.map((i) => [i.path, i.width, i.height])).toEqual([
      ['/partage/formation-a-distance-5-avantages/1200x630.png', 1200, 630],
      ['/partage/formation-a-distance-5-avantages/1080x1080.png', 1080, 1080],
      ['/partage/formation-a-distance-5-avantages/1080x1920.png', 1080, 1920],
    ]);
    expect(kit.captions.map((c) => c.network)).toEqual(['linkedin', 'facebook', 'instagram', 'tiktok', 'youtube']);
    for (const c of kit.captions) {
      expect(Object.fromEntries(new URL(c.link).searchParams)).toEqual({ utm_source: c.network, utm_medium: 'social', utm_campaign: 'formation-a-distance-5-avantages', utm_content: 'kit-partage' });
      expect(c.caption).toContain(frenchText(kit.article.title));
    }
    expect(shareKit(real, 'pas-un-article')).toBeNull();
  });

  it('renders each format at its size (PNG header)', async () => {
    for (const f of SHARE_FORMATS) {
      const png = await renderOgPng({ title: 'Formation à distance : 5 avantages en mécanique', kind: 'Article', siteName: 'MécaFormation', tagline: 'La mécanique de demain, apprise à distance.', ...(f.key === '1200x630' ? {} : { format: f.key }) });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], f.key).toEqual([f.width, f.height]);
    }
  }, 60_000);
});

describe('social profiles in organization.yaml', () => {
  const dir = 'content/marketing';
  const sources = () => Object.fromEntries(readdirSync(dir).filter((f) => Object.values(FILES).includes(f as never)).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const org = parseMarketing(sources()).organization;

  it('none filled: no footer link, no sameAs', () => {
    expect(socialProfiles(org)).toEqual([]);
    expect(organizationLd({ name: 'MécaFormation', description: 'École', email: 'contact@mecaformation.fr', site: 'https://www.mecaformation.fr', sameAs: socialProfiles(org).map((p) => p.url) })).not.toHaveProperty('sameAs');
  });

  it('a filled profile appears in sameAs; a null one nowhere', () => {
    const filled = { ...org, social: { ...org.social, linkedin: 'https://www.linkedin.com/company/mecaformation', youtube: 'https://www.youtube.com/@mecaformation' } };
    expect(organizationSchema.safeParse(filled).success).toBe(true);
    const profiles = socialProfiles(filled);
    expect(profiles).toEqual([
      { network: 'linkedin', label: 'LinkedIn', url: 'https://www.linkedin.com/company/mecaformation' },
      { network: 'youtube', label: 'YouTube', url: 'https://www.youtube.com/@mecaformation' },
    ]);
    expect(organizationLd({ name: 'MécaFormation', description: 'École', email: 'contact@mecaformation.fr', site: 'https://www.mecaformation.fr', sameAs: profiles.map((p) => p.url) })).toHaveProperty('sameAs', profiles.map((p) => p.url));
  });

  it('refuses a URL of another host, over http, without a page, or a placeholder, naming the file and field', () => {
    for (const bad of ['https://www.facebook.com/mecaformation', 'http://www.linkedin.com/company/x', 'https://www.linkedin.com/', 'https://linkedin.com.evil.example/x', 'PLACEHOLDER']) {
      const all = sources();
      const text = all['organization.yaml']!.replace('  linkedin: null', `  linkedin: "${bad}"`);
      try {
        parseMarketing({ ...all, 'organization.yaml': text });
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(e, bad).toBeInstanceOf(MarketingConfigError);
        expect((e as Error).message).toContain('content/marketing/organization.yaml: social.linkedin: adresse https://www.linkedin.com/… de la page officielle, ou null');
      }
    }
  });
});
