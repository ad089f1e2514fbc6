// Dated campaigns (issue « Acquisition », part 3): the windows' bounds in Europe/Paris (dates,
// offsets, daylight saving time), start included and end excluded, the pages a placement covers
// and the overlap of two, the checks of campaigns.yaml with their messages (file and field), the
// build's check against the built pages, and the HTML the edge puts in the slots.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarketingConfigError, parseMarketing } from '../../src/marketing/load';
import {
  addParisMonths,
  checkCampaignPages,
  covers,
  inForce,
  inWindow,
  nextChange,
  parseBound,
  sharedPage,
  describePage,
  siteCampaigns,
  type SiteCampaign,
} from '../../src/marketing/campaign-windows';
import { applyCampaigns, bodyTag, campaignsOf, tagMatches } from '../../src/edge/campaigns';
import { BANNER_SLOT, HERO_SLOT } from '../../src/lib/campaign-slots';
import { clockFromEnv } from '../../src/edge/clock';
import edgeRules from '../../src/integrations/edge-rules';
import { iconBody } from '../../src/lib/icons';

const dir = join(import.meta.dirname, '../../content/marketing');
const sources = () => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
function edit(file: string, from: string, to: string) {
  const s = sources();
  expect(s[file]!.split(from).length - 1, `« ${from} » once in ${file}`).toBe(1);
  s[file] = s[file]!.replace(from, to);
  return s;
}
function failure(s: Record<string, string>): string {
  try {
    parseMarketing(s);
  } catch (e) {
    expect(e).toBeInstanceOf(MarketingConfigError);
    return (e as Error).message;
  }
  throw new Error('parseMarketing should have thrown');
}
const at = (iso: string) => new Date(iso).getTime();
const bound = (value: string, which: 'start' | 'end') => {
  const r = parseBound(value, which);
  if ('error' in r) throw new Error(r.error);
  return new Date(r.at).toISOString();
};
const error = (value: string, which: 'start' | 'end' = 'start') => {
  const r = parseBound(value, which);
  return 'error' in r ? r.error : null;
};

describe('window bounds (Europe/Paris)', () => {
  it('a date starts at midnight in Paris; as an end it is the last day shown', () => {
    expect(bound('2027-01-04', 'start')).toBe('2027-01-03T23:00:00.000Z');
    expect(bound('2027-01-04', 'end')).toBe('2027-01-04T23:00:00.000Z');
    // Summer time: midnight is 22:00 UTC.
    expect(bound('2027-04-03', 'end')).toBe('2027-04-03T22:00:00.000Z');
    expect(bound('2027-07-01', 'start')).toBe('2027-06-30T22:00:00.000Z');
    // The last day of a month or a year.
    expect(bound('2026-12-31', 'end')).toBe('2026-12-31T23:00:00.000Z');
  });

  it('across the change to summer time (28 March 2027) and back (31 October 2027)', () => {
    // The night of 27 to 28 March lasts 23 hours in Paris, that of 30 to 31 October 25 hours.
    expect(at(bound('2027-03-28', 'end')) - at(bound('2027-03-28', 'start'))).toBe(23 * 3_600_000);
    expect(at(bound('2027-10-31', 'end')) - at(bound('2027-10-31', 'start'))).toBe(25 * 3_600_000);
    // 02:30 does not exist on 28 March; it happens twice on 31 October (both offsets are right).
    expect(error('2027-03-28T02:30:00+01:00')).toMatch(/cette heure n’existe pas à Paris/);
    expect(at(bound('2027-10-31T02:30:00+01:00', 'start')) - at(bound('2027-10-31T02:30:00+02:00', 'start'))).toBe(3_600_000);
    // 01:59 is still winter time, 03:00 already summer time.
    expect(bound('2027-03-28T01:59:00+01:00', 'start')).toBe('2027-03-28T00:59:00.000Z');
    expect(bound('2027-03-28T03:00:00+02:00', 'start')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('a date and time must carry the offset Paris has then, and says which', () => {
    expect(bound('2027-03-09T18:30:00+01:00', 'end')).toBe('2027-03-09T17:30:00.000Z');
    expect(bound('2027-05-27T18:30+02:00', 'end')).toBe('2027-05-27T16:30:00.000Z');
    expect(error('2027-05-27T18:30:00+01:00')).toBe('« 2027-05-27T18:30:00+01:00 » : à Paris, le décalage est +02:00 à cette date (heure d’été) ; écrivez 2027-05-27T18:30:00+02:00');
    expect(error('2027-01-04T09:00:00+02:00')).toMatch(/le décalage est \+01:00 à cette date \(heure d’hiver\) ; écrivez 2027-01-04T09:00:00\+01:00$/);
    expect(error('2027-01-04T09:00:00Z')).toBe('« 2027-01-04T09:00:00Z » : écrivez l’heure de Paris avec son décalage, pas Z (ici 2027-01-04T09:00:00+01:00)');
  });

  it('refuses what is not a date of the calendar, or out of the years a campaign can have', () => {
    expect(error('2027-02-30')).toBe('« 2027-02-30 » n’est pas une date du calendrier');
    expect(error('2027-02-29')).toBe('« 2027-02-29 » n’est pas une date du calendrier');
    expect(error('2028-02-29')).toBeNull();
    expect(error('2207-01-04')).toMatch(/année hors de 2024–2099/);
    expect(error('2027-01-04T24:00:00+01:00')).toMatch(/heure invalide/);
    expect(error('4 janvier 2027')).toMatch(/date AAAA-MM-JJ ou date et heure/);
  });

  it('start included, end excluded', () => {
    const w = { start: at('2027-01-03T23:00:00Z'), end: at('2027-04-03T22:00:00Z') };
    expect(inWindow(w, w.start - 1)).toBe(false);
    expect(inWindow(w, w.start)).toBe(true);
    expect(inWindow(w, w.end - 1)).toBe(true);
    expect(inWindow(w, w.end)).toBe(false);
  });

  it('adds calendar months on Paris’s clock', () => {
    // Three months from 4 January midnight (winter) is 4 April midnight (summer), 2 h earlier in UTC.
    expect(new Date(addParisMonths(at('2027-01-03T23:00:00Z'), 3)).toISOString()).toBe('2027-04-03T22:00:00.000Z');
    expect(new Date(addParisMonths(at('2027-08-30T22:00:00Z'), 6)).toISOString()).toBe('2028-02-28T23:00:00.000Z');
  });
});

describe('pages', () => {
  const p = (pages: string[], except: string[] = []) => ({ pages, except });
  it('« * », a path or a prefix; exceptions win', () => {
    expect(covers(p(['*']), '/blog/x/')).toBe(true);
    expect(covers(p(['/formations/*']), '/formations/')).toBe(true);
    expect(covers(p(['/formations/*']), '/formations/cap/')).toBe(true);
    expect(covers(p(['/formations/*']), '/formation-x/')).toBe(false);
    expect(covers(p(['/']), '/')).toBe(true);
    expect(covers(p(['/']), '/contact/')).toBe(false);
    expect(covers(p(['*'], ['/pour-qui/garages/']), '/pour-qui/garages/')).toBe(false);
    expect(covers(p(['*'], ['/blog/*']), '/blog/x/')).toBe(false);
  });

  it('finds a page two placements share, whatever pages the site will have', () => {
    expect(sharedPage(p(['/a/']), p(['/b/']))).toBeNull();
    expect(sharedPage(p(['/a/']), p(['*']))).toBe('/a/');
    expect(sharedPage(p(['*'], ['/a/', '/b/']), p(['/a/', '/b/']))).toBeNull();
    expect(sharedPage(p(['*'], ['/a/']), p(['/a/', '/b/']))).toBe('/b/');
    // Two prefixes: a page under the deeper one, unless an exception covers it all.
    expect(describePage(sharedPage(p(['*']), p(['/blog/*']))!)).toBe('toute page sous /blog/ qu’aucune des deux n’exclut');
    expect(sharedPage(p(['*'], ['/blog/*']), p(['/blog/*']))).toBeNull();
    expect(describePage(sharedPage(p(['*'], ['/blog/x/']), p(['/blog/*']))!)).toBe('toute page sous /blog/ qu’aucune des deux n’exclut');
    expect(describePage(sharedPage(p(['*']), p(['*'], ['/a/']))!)).toBe('toute page du site qu’aucune des deux n’exclut');
    expect(sharedPage(p(['/formations/*']), p(['/blog/*']))).toBeNull();
  });
});

describe('campaigns.yaml', () => {
  const m = parseMarketing(sources());
  const list = siteCampaigns(m.campaigns);

  it('dates the coming twelve months: the 890 € launch, the garages, the roadmap actions on the site', () => {
    const window = (key: string) => list.find((c) => c.key === key)!.windows.map((w) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()]);
    expect(window('campagne-890-euros')).toEqual([['2027-01-03T23:00:00.000Z', '2027-04-03T22:00:00.000Z']]);
    expect(window('campagne-1490-garages')).toEqual([['2027-04-04T22:00:00.000Z', '2027-10-04T22:00:00.000Z']]);
    expect(window('nouveau-depart-2027')).toEqual([['2027-02-28T23:00:00.000Z', '2027-03-09T17:30:00.000Z']]);
    // Every window within December 2026 to November 2027.
    for (const c of list) for (const w of c.windows) {
      expect(w.start, c.key).toBeGreaterThanOrEqual(at('2026-11-30T23:00:00Z'));
      expect(w.end, c.key).toBeLessThanOrEqual(at('2027-11-30T23:00:00Z'));
    }
    // Texts are the vetted creatives, never one whose text is null.
    const c890 = list.find((c) => c.key === 'campagne-890-euros')!;
    expect(c890.placements.map((p) => [p.slot, p.text])).toEqual([
      ['banner', '890 € : le tarif primo-arrivant pour votre formation automobile'],
      ['hero', 'Primo-arrivant ? Votre avenir commence ici'],
    ]);
    // The roadmap's dated wording, the plan's kept in seedText.
    const december = m.campaigns.roadmap[3]!.months.find((x) => x.month === 12)!;
    expect(december.year).toBe(2026);
    expect(december.actions).toContainEqual(expect.objectContaining({ text: 'Campagne « Résolutions 2027 »', seedText: 'Campagne « Résolutions 2025 »' }));
  });

  it('one campaign at most per slot and page at any instant; nothing outside the windows', () => {
    const home = (iso: string) => inForce(list, 'banner', '/', at(iso))?.campaign.key ?? null;
    expect(home('2026-12-01T12:00:00+01:00')).toBeNull();
    expect(home('2026-12-26T00:00:00+01:00')).toBe('resolutions-2027');
    expect(home('2027-01-03T23:59:59+01:00')).toBe('resolutions-2027');
    expect(home('2027-01-04T00:00:00+01:00')).toBe('campagne-890-euros');
    expect(home('2027-04-03T23:59:59+02:00')).toBe('campagne-890-euros');
    expect(home('2027-04-04T00:00:00+02:00')).toBeNull();
    expect(inForce(list, 'hero', '/', at('2027-02-10T10:00:00+01:00'))?.text).toBe('Primo-arrivant ? Votre avenir commence ici');
    // The reconversion pages keep their slot for their own campaigns during the 890 € launch.
    expect(inForce(list, 'banner', '/pour-qui/reconversion/', at('2027-02-10T10:00:00+01:00'))?.campaign.key).toBe('saint-valentin-2027');
    expect(inForce(list, 'banner', '/pour-qui/reconversion/', at('2027-02-20T10:00:00+01:00'))).toBeNull();
    expect(inForce(list, 'banner', '/pour-qui/garages/', at('2027-02-10T10:00:00+01:00'))).toBeNull();
    expect(inForce(list, 'banner', '/pour-qui/garages/', at('2027-06-10T10:00:00+02:00'))?.campaign.key).toBe('campagne-1490-garages');
    // The next change after today: the « Résolutions 2027 » banner, on 26 December.
    expect(new Date(nextChange(list, at('2026-12-01T12:00:00+01:00'))!).toISOString()).toBe('2026-12-25T23:00:00.000Z');
  });

  it('names the file and the field of a wrong window', () => {
    const backwards = failure(edit('campaigns.yaml', 'start: 2027-01-04\n        end: 2027-04-03', 'start: 2027-01-04\n        end: 2027-01-02'));
    expect(backwards).toContain('content/marketing/campaigns.yaml: special.0.windows.0.end: la fin (3 janvier 2027 à 00:00) doit venir après le début (4 janvier 2027 à 00:00)');
    const long = failure(edit('campaigns.yaml', 'start: 2027-01-04\n        end: 2027-04-03', 'start: 2027-01-04\n        end: 2027-04-04'));
    expect(long).toContain('content/marketing/campaigns.yaml: special.0.windows.0.end: la campagne dure 3 mois (durationMonths) : elle doit finir au plus tard le 4 avril 2027 à 00:00, pas le 5 avril 2027 à 00:00');
    const offset = failure(edit('campaigns.yaml', 'end: 2027-05-27T18:30:00+02:00', 'end: 2027-05-27T18:30:00+01:00'));
    expect(offset).toContain('content/marketing/campaigns.yaml: roadmap.1.months.1.actions.1.windows.0.end: « 2027-05-27T18:30:00+01:00 » : à Paris, le décalage est +02:00 à cette date (heure d’été) ; écrivez 2027-05-27T18:30:00+02:00');
    const format = failure(edit('campaigns.yaml', 'start: 2027-10-25', 'start: 25/10/2027'));
    expect(format).toContain('content/marketing/campaigns.yaml: roadmap.3.months.0.actions.0.windows.0.start: date AAAA-MM-JJ ou date et heure avec le décalage de Paris attendue');
    const month = failure(edit('campaigns.yaml', 'start: 2027-02-08\n                end: 2027-02-14', 'start: 2027-01-25\n                end: 2027-01-31'));
    expect(month).toContain('content/marketing/campaigns.yaml: roadmap.0.months.1.actions.0.windows.0.start: l’action est prévue en février 2027 (roadmap) mais sa première fenêtre commence le 25 janvier 2027 à 00:00');
  });

  it('refuses two campaigns in the same slot at the same instant, naming the other one', () => {
    const both = failure(edit('campaigns.yaml', 'pages: [/pour-qui/reconversion/, /reconversion-mecanique-automobile/]\n          - text: Webinaire', 'pages: ["*"]\n          - text: Webinaire'));
    expect(both).toContain(
      'content/marketing/campaigns.yaml: roadmap.0.months.1.actions.0.windows.0: la bannière du site est déjà occupée par « campagne-890-euros » (special.0.windows.0, du 4 janvier 2027 à 00:00 au 4 avril 2027 à 00:00) sur toute page du site qu’aucune des deux n’exclut : deux campagnes ne peuvent pas occuper le même emplacement au même instant',
    );
    // The same page, named: the garages' hero moved to the home page meets the rentrée's in September.
    const hero = failure(edit('campaigns.yaml', 'pages: [/pour-qui/garages/]', 'pages: [/]'));
    expect(hero).toContain(
      'content/marketing/campaigns.yaml: roadmap.2.months.2.actions.0.windows.0: l’accroche du bandeau (hero) est déjà occupée par « campagne-1490-garages » (special.1.windows.0, du 5 avril 2027 à 00:00 au 5 octobre 2027 à 00:00) sur la page / : deux campagnes ne peuvent pas occuper le même emplacement au même instant',
    );
  });

  it('refuses a creative that may not be published, a site without windows, an unknown campaign', () => {
    const unpublishable = failure(edit('campaigns.yaml', "        creative: 1\n        pages: [/, /pour-qui/primo-arrivants/]", "        creative: 2\n        pages: [/, /pour-qui/primo-arrivants/]"));
    expect(unpublishable).toContain('content/marketing/campaigns.yaml: special.0.site.hero.creative: la création n° 2 n’est pas publiable (text: null) : À ne pas diffuser tel quel');
    const missing = failure(edit('campaigns.yaml', "        creative: 1\n        pages: [/, /pour-qui/primo-arrivants/]", "        creative: 7\n        pages: [/, /pour-qui/primo-arrivants/]"));
    expect(missing).toContain('special.0.site.hero.creative: création n° 7 absente : creatives en compte 3');
    const undated = failure(edit('campaigns.yaml', '    windows:\n      - start: 2027-04-05\n        end: 2027-10-04\n', ''));
    expect(undated).toContain('content/marketing/campaigns.yaml: special.1.site: site sans windows : la campagne ne s’afficherait jamais');
    const unknown = failure(edit('campaigns.yaml', 'campaign: campagne-1490-garages', 'campaign: campagne-garages'));
    expect(unknown).toContain('content/marketing/campaigns.yaml: roadmap.1.months.0.actions.0.campaign: campagne « campagne-garages » inconnue dans special (campagne-890-euros, campagne-1490-garages)');
    const page = failure(edit('campaigns.yaml', 'pages: [/pour-qui/garages/]', 'pages: [pour-qui/garages]'));
    expect(page).toContain('content/marketing/campaigns.yaml: special.1.site.hero.pages.0: page attendue : « * » (toutes), un chemin (/pour-qui/garages/) ou un préfixe (/formations/*)');
  });
});

describe('the build refuses a wrong campaigns.yaml, naming the file and the field', () => {
  // A copy of content/ whose campaigns.yaml has a window that ends before it starts and a roadmap
  // banner on every page while the 890 € one runs: the build's first hook (the one `astro build`
  // runs before any page) stops with both problems, each with its file and field.
  it('end before start, two campaigns in the banner at the same instant', () => {
    const root = mkdtempSync(join(tmpdir(), 'campaigns-invalid-'));
    cpSync(join(import.meta.dirname, '../../content'), root, { recursive: true });
    let yaml = readFileSync(join(root, 'marketing/campaigns.yaml'), 'utf8');
    const swap = (from: string, to: string) => {
      expect(yaml.split(from).length - 1, from).toBe(1);
      yaml = yaml.replace(from, to);
    };
    swap('      - start: 2027-04-05\n        end: 2027-10-04', '      - start: 2027-10-04\n        end: 2027-04-05');
    swap('pages: [/pour-qui/reconversion/, /reconversion-mecanique-automobile/]\n          - text: Webinaire', 'pages: ["*"]\n          - text: Webinaire');
    writeFileSync(join(root, 'marketing/campaigns.yaml'), yaml);
    const hooks = edgeRules({ contentRoot: root, outFile: join(root, 'rules.json') }).hooks as Record<string, (o: Record<string, unknown>) => unknown>;
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    let message = '';
    try {
      hooks['astro:build:start']!({ logger: log });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Configuration marketing invalide \(3 problèmes\)/);
    expect(message).toContain('content/marketing/campaigns.yaml: special.1.windows.0.end: la fin (6 avril 2027 à 00:00) doit venir après le début (4 octobre 2027 à 00:00)');
    expect(message).toContain('content/marketing/campaigns.yaml: roadmap.0.months.1.actions.0.windows.0: la bannière du site est déjà occupée par « campagne-890-euros » (special.0.windows.0');
    // The same copy with the real file passes (so the failure above is the fixture's).
    writeFileSync(join(root, 'marketing/campaigns.yaml'), readFileSync(join(dir, 'campaigns.yaml'), 'utf8'));
    expect(() => hooks['astro:build:start']!({ logger: log })).not.toThrow();
  });
});

describe('the build’s check against the built pages', () => {
  const list = siteCampaigns(parseMarketing(sources()).campaigns);
  const page = (hero = true) => `<html><body><header></header>${BANNER_SLOT}<main>${hero ? HERO_SLOT : ''}<h1>x</h1></main></body></html>`;
  const paths = list.flatMap((c) => [c.landing, ...c.placements.flatMap((p) => [...p.pages, ...p.except])]).filter((p) => p !== '*');
  const pages = new Map([...new Set(['/', '/blog/', ...paths])].map((p) => [p, page()]));
  const site = (map: Map<string, string>) => ({ paths: [...map.keys()], exists: (p: string) => map.has(p), carries: (p: string, marker: string) => map.get(p)?.includes(marker) ?? false });
  const markers = { banner: BANNER_SLOT, hero: HERO_SLOT };

  it('passes with every page present and carrying its slot', () => {
    expect(checkCampaignPages(list, site(pages), markers, new Date('2026-11-23'))).toEqual([]);
  });

  it('names the missing landing page, the page without a hero slot, a window beyond the horizon', () => {
    const broken = new Map(pages);
    broken.delete('/formation-primo-arrivant-890-euros/');
    broken.set('/pour-qui/garages/', page(false));
    const problems = checkCampaignPages(list, site(broken), markers, new Date('2026-11-23'));
    expect(problems).toContain('content/marketing/campaigns.yaml: special.0.site.landing: la page /formation-primo-arrivant-890-euros/ n’existe pas dans le site construit');
    expect(problems).toContain('content/marketing/campaigns.yaml: special.1.site.hero.pages.0: la page /pour-qui/garages/ n’a pas d’emplacement pour l’accroche du bandeau (hero) (<p data-campaign-hero hidden></p>)');
    expect(problems).toContain('content/marketing/campaigns.yaml: special.1.site.hero.pages: aucune de ces pages n’a d’emplacement pour l’accroche du bandeau (hero)');
    const early = checkCampaignPages(list, site(pages), markers, new Date('2024-06-01'));
    expect(early).toContain('content/marketing/campaigns.yaml: special.0.windows.0.start: commence le 4 janvier 2027 à 00:00, plus de 24 mois après la date de construction (1 juin 2024 à 02:00) : l’année est-elle la bonne ?');
  });
});

describe('the HTML the edge puts in the slots', () => {
  const campaign: SiteCampaign = {
    key: 'test',
    title: 'Test',
    field: 'special.0',
    landing: '/offre/',
    linkLabel: 'Voir l’offre',
    windows: [{ start: at('2027-01-01T00:00:00Z'), end: at('2027-02-01T00:00:00Z') }],
    placements: [
      { slot: 'banner', pages: ['*'], except: [], text: 'Une <offre> & « des » "guillemets"', creative: 0 },
      { slot: 'hero', pages: ['/'], except: [], text: 'Accroche', creative: 1 },
    ],
  };
  const page = `<body><header></header>${BANNER_SLOT}<main><section>${HERO_SLOT}<h1>Titre</h1></section></main></body>`;

  it('fills the slots inside the window, escaped; leaves them empty outside', () => {
    const inside = applyCampaigns(page, [campaign], '/', at('2027-01-10T00:00:00Z'));
    expect(inside).toContain('<span class="mr-3">Une &lt;offre&gt; &amp; « des » &quot;guillemets&quot;</span>');
    expect(inside).toContain('href="/offre/"');
    expect(inside).toContain('data-campaign-hero data-campaign="test"');
    // The arrow is the site's own icon, byte for byte (gzip finds it in the page's other icons).
    expect(inside).toContain(`<svg viewBox="0 0 24 24" width="20" height="20" class="icon" aria-hidden="true" focusable="false">${iconBody('arrow-right')}</svg>`);
    expect(inside).not.toContain(BANNER_SLOT);
    expect(applyCampaigns(page, [campaign], '/', at('2027-02-01T00:00:00Z'))).toBe(page);
    expect(applyCampaigns(page, [campaign], '/', at('2026-12-31T23:59:59Z'))).toBe(page);
    // A page without slots is left as it is; the hero only where configured.
    expect(applyCampaigns('<p>x</p>', [campaign], '/', at('2027-01-10T00:00:00Z'))).toBe('<p>x</p>');
    expect(applyCampaigns(page, [campaign], '/contact/', at('2027-01-10T00:00:00Z'))).toContain(HERO_SLOT);
  });

  it('never shows a campaign on its own landing page; the preview ribbon on every previewed page', () => {
    expect(applyCampaigns(page, [campaign], '/offre/', at('2027-01-10T00:00:00Z'))).toBe(page);
    const previewed = applyCampaigns(page, [campaign], '/contact/', at('2027-01-10T09:00:00Z'), true);
    expect(previewed).toContain('Aperçu au dimanche 10\u00a0janvier 2027 à 10\u00a0h (heure de Paris)');
    expect(previewed).toContain('href="/admin/apercu/arreter?retour=%2Fcontact%2F"');
    expect(applyCampaigns(page, [], '/', at('2027-01-10T09:00:00Z'), true)).toContain('data-campaign-preview');
  });

  it('sets the texts of campaigns.yaml in French typography', () => {
    const c = campaignsOf(parseMarketing(sources()).campaigns).find((x) => x.key === 'campagne-890-euros')!;
    expect(c.placements[0]!.text).toBe('890\u00a0€\u202f: le tarif primo-arrivant pour votre formation automobile');
    expect(c.placements[1]!.text).toBe('Primo-arrivant\u202f? Votre avenir commence ici');
  });

  it('tags the body served, so that a revalidation after a window’s bound gets the new page', async () => {
    const a = await bodyTag('<p>a</p>');
    expect(a).toMatch(/^W\/"[\w-]{16}"$/);
    expect(await bodyTag('<p>a</p>')).toBe(a);
    expect(await bodyTag('<p>b</p>')).not.toBe(a);
    expect(tagMatches(a, a)).toBe(true);
    expect(tagMatches(`"x", ${a.slice(2)}`, a)).toBe(true);
    expect(tagMatches('W/"x"', a)).toBe(false);
    expect(tagMatches(null, a)).toBe(false);
  });
});

describe('EDGE_NOW, the preview switch', () => {
  it('is refused in production, and on Workers without ALLOW_EDGE_NOW=1', () => {
    expect(clockFromEnv({ EDGE_NOW: '2026-11-27T10:00:00+01:00' })!().toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(() => clockFromEnv({ EDGE_NOW: '2026-11-27T10:00:00+01:00', SITE_ENV: 'production' })).toThrow(/^EDGE_NOW refusé avec SITE_ENV=production/);
    expect(() => clockFromEnv({ EDGE_NOW: '2026-11-27T10:00:00+01:00' }, 'workers')).toThrow(/^EDGE_NOW refusé sur Cloudflare Workers sans ALLOW_EDGE_NOW=1/);
    expect(clockFromEnv({ EDGE_NOW: '2026-11-27T10:00:00+01:00', ALLOW_EDGE_NOW: '1' }, 'workers')!().toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(() => clockFromEnv({ EDGE_NOW: '2026-11-27T10:00:00+01:00', ALLOW_EDGE_NOW: '1', SITE_ENV: 'production' }, 'workers')).toThrow(/SITE_ENV=production/);
    expect(clockFromEnv({ SITE_ENV: 'production' })).toBeUndefined();
  });
});
