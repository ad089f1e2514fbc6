import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIENCES } from '../../src/lib/taxonomy';
import { fileSchemas, marketingSchema } from '../../src/marketing/config';
import { FILES, MarketingConfigError, parseMarketing } from '../../src/marketing/load';

const dir = join(import.meta.dirname, '../../content/marketing');

function readSources(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

/** Runs parseMarketing and returns the MarketingConfigError it must throw. */
function failure(sources: Record<string, string>): MarketingConfigError {
  try {
    parseMarketing(sources);
  } catch (e) {
    expect(e).toBeInstanceOf(MarketingConfigError);
    return e as MarketingConfigError;
  }
  throw new Error('parseMarketing should have thrown');
}

/** Replaces `from` (which must occur exactly once) in one file. */
function edit(file: string, from: string, to: string): Record<string, string> {
  const sources = readSources();
  const text = sources[file];
  expect(text.split(from).length - 1, `« ${from} » once in ${file}`).toBe(1);
  return { ...sources, [file]: text.replace(from, to) };
}

describe('content/marketing: the real files', () => {
  const m = parseMarketing(readSources());

  it('holds one file per key of the plan, and nothing else', () => {
    expect(Object.keys(FILES).sort()).toEqual(Object.keys(marketingSchema.shape).sort());
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()).toEqual(Object.values(FILES).sort());
    expect(FILES.leadScoring).toBe('lead-scoring.yaml');
  });

  it('keeps the prices and the organization facts', () => {
    expect(m.prices.offers['primo-arrivant'].amount).toBe(890);
    expect(m.prices.offers['equipe-garage'].amount).toBe(1490);
    expect(m.prices.offers['equipe-garage'].maxPeople).toBe(8);
    expect(m.prices.payment).toMatchObject({ individualDepositMaxPercent: 30, withdrawalDays: 10 });
    expect(m.whatsapp.number).toBe('+33 6 89 45 72 31');
    expect(m.organization.whatsapp).toBe(m.whatsapp.number);
  });

  it('transcribes the four audiences', () => {
    expect(m.audiences.map((a) => a.slug)).toEqual([...AUDIENCES]);
    expect(m.audiences.map((a) => a.marketSharePercent)).toEqual([40, 35, 15, 10]);
    expect(m.audiences[0].ageRange).toEqual({ min: 18, max: 25 });
    expect(m.audiences[1].ageRange).toEqual({ min: 30, max: 45 });
    expect(m.audiences.map((a) => a.offer)).toEqual(['primo-arrivant', null, 'equipe-garage', null]);
  });

  it('maps every keyword to one page', () => {
    const byKeyword = Object.fromEntries(m.keywords.map((k) => [k.keyword, [k.volume, k.page]]));
    expect(byKeyword['formation mécanique']).toEqual([8900, '/formation-mecanique-automobile/']);
    expect(byKeyword['formation véhicule électrique à distance']).toEqual([320, '/formation-vehicule-electrique-a-distance/']);
    expect(byKeyword['formation mécanique Paris']).toEqual([1200, '/formation-mecanique-paris-ile-de-france/']);
    expect(byKeyword['CAP maintenance véhicules primo-arrivant']).toEqual([150, '/cap-maintenance-vehicules-primo-arrivant/']);
    expect(byKeyword['CAP maintenance véhicules']).toEqual([null, '/formations/cap-maintenance-vehicules/']);
    expect(byKeyword['formation électrique auto']).toEqual([null, '/formation-electrique-automobile/']);
    expect(byKeyword['reconversion mécanique']).toEqual([null, '/reconversion-mecanique-automobile/']);
    for (const k of m.keywords) expect(k.page).toMatch(/^\/.*\/$|^\/$/);
  });

  it('keeps the campaigns figures', () => {
    expect(m.campaigns.googleAds.map((c) => [c.seedName, c.budgetPerMonthEur, c.avgCpcEur, c.conversionRatePercent])).toEqual([
      ['Formation_Generale', 2000, 1.5, 8],
      ['Primo_Arrivants', 1500, 1.2, 12],
      ['Reconversion', 1800, 1.8, 10],
      ['Garages', 1000, 2.5, 15],
    ]);
    const [c890, c1490] = m.campaigns.special;
    expect([c890.seedName, c890.durationMonths, c890.budgetEur, c890.objectives.leads, c890.objectives.enrolments]).toEqual([
      'Campagne_890_Euros', 3, 15000, 800, 80,
    ]);
    expect([c1490.seedName, c1490.durationMonths, c1490.budgetEur, c1490.objectives.qualifiedLeads, c1490.objectives.demos]).toEqual([
      'Campagne_1490_Garages', 6, 12000, 120, 60,
    ]);
    expect(m.campaigns.social.weeklyPlanning).toHaveLength(6);
    expect(m.campaigns.roadmap.flatMap((q) => q.months)).toHaveLength(12);
  });

  it('keeps the experiments', () => {
    const hero = m.experiments.find((e) => e.key === 'hero')!;
    expect(hero.channel).toBe('web');
    expect(hero.status).toBe('running');
    expect(hero.metric).toBe('form-conversion-rate');
    expect(hero.variants.map((v) => [v.key, v.text, v.weight])).toEqual([
      ['a', 'Devenez expert en mécanique', 50],
      ['b', 'Formation automobile à 890 €', 50],
    ]);
    expect(hero.variants.map((v) => v.seedText)).toEqual(['Devenez Expert en Mécanique', 'Formation Automobile 890€']);
    // The home page's headline only: a landing page's headline is its h1, with its keyword.
    expect(hero.channel === 'web' && hero.pages).toEqual(['/']);
    const cta = m.experiments.find((e) => e.key === 'cta')!;
    expect(cta.variants.map((v) => v.text)).toEqual(['Découvrir nos formations', 'Commencer maintenant']);
    expect(cta.metric).toBe('click-rate');
    const email = m.experiments.find((e) => e.key === 'email-subject')!;
    expect(email.channel).toBe('email');
    expect(email.metric).toBe('open-rate');
  });

  it('keeps the lead scoring points and thresholds', () => {
    const s = m.leadScoring;
    // The plan's rules; rules added beyond it say so (seedKey null).
    const all = [...s.siteActions, ...s.emailEngagement, ...s.profile];
    expect(all.filter((r) => r.seedKey !== null).map((r) => r.points)).toEqual([15, 10, 8, 5, 2, 5, 10, 10, 15, 5]);
    expect(all.filter((r) => r.seedKey === null).map((r) => [r.key, r.points])).toEqual([['webinar-attended', 10]]);
    expect(s.thresholds.map((t) => [t.key, t.min, t.max])).toEqual([
      ['cold', 0, 20],
      ['warm', 21, 40],
      ['hot', 41, null],
    ]);
  });

  it('keeps the segments, sequences and workflows', () => {
    expect(m.segments.map((s) => [s.key, s.frequencyCap.maxEmails, s.frequencyCap.perDays])).toEqual([
      ['primo-arrivants', 2, 7],
      ['reconversion', 1, 7],
      ['garages', 1, 14],
      ['inactifs', 1, 30],
    ]);
    expect(m.sequences.sequences[0].emails.map((e) => e.day)).toEqual([1, 3, 7, 14]);
    const callback = m.sequences.workflows.find((w) => w.key === 'info-callback')!;
    expect(callback.action).toEqual({ type: 'callback', withinHours: 24 });
    const reminders = m.sequences.workflows.find((w) => w.key === 'abandoned-enrolment')!.action;
    expect(reminders.type === 'reminders' && reminders.emails).toHaveLength(3);
    expect(m.sequences.workflows.find((w) => w.key === 'pricing-offer')!.maxPerLead).toBe(1);
  });

  it('keeps affiliates, chatbot, WhatsApp and KPI targets', () => {
    expect(m.affiliates.map((a) => a.commission)).toMatchObject([{ amountEur: 100 }, { amountEur: 200 }, { percent: 5 }]);
    expect(m.chatbot.scenarios.map((s) => s.key)).toEqual(['formation-inquiry', 'pricing-question', 'technology-question']);
    for (const q of m.whatsapp.quickReplies) expect(q.label).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(m.whatsapp.quickReplies[0].seedText).toBe('📚 Voir nos formations');
    expect(m.kpis.nature).toBe('targets');
    expect(m.kpis.annual.quantitative.map((k) => k.value)).toEqual([60000, 4800, 384, 960000, 12]);
  });

  it('defines a qualified lead and starts with no spend entered', () => {
    expect(m.kpis.qualifiedLead.temperatures).toEqual(['warm', 'hot']);
    expect(m.kpis.qualifiedLead.note).toMatch(/tiède ou chaud/);
    expect(m.campaigns.spend).toEqual([]);
  });

  it('describes every field and makes every object strict', () => {
    const problems: string[] = [];
    const walk = (schema: z.ZodType, path: string) => {
      const def = (schema as z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
      switch (def.type) {
        case 'object': {
          if ((def.catchall as z.ZodType | undefined)?._zod.def.type !== 'never') problems.push(`${path}: not strict`);
          for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
            if (!v.description) problems.push(`${path}.${k}: no description`);
            walk(v, `${path}.${k}`);
          }
          break;
        }
        case 'array':
          return walk(def.element as z.ZodType, `${path}[]`);
        case 'nullable':
        case 'optional':
        case 'default':
          return walk(def.innerType as z.ZodType, path);
        case 'record':
          return walk(def.valueType as z.ZodType, `${path}{}`);
        case 'union':
          return (def.options as z.ZodType[]).forEach((o) => walk(o, path));
      }
    };
    for (const [key, schema] of Object.entries(fileSchemas)) {
      expect(schema.description, key).toBeTruthy();
      walk(schema, key);
    }
    expect(problems).toEqual([]);
  });
});

describe('src/marketing stays pure', () => {
  it('imports only zod (and zod/mini), yaml, jstat (experiment statistics), ics (calendar files) and relative modules', () => {
    const root = join(import.meta.dirname, '../../src/marketing');
    for (const f of readdirSync(root).filter((n) => n.endsWith('.ts'))) {
      const source = readFileSync(join(root, f), 'utf8');
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        expect(spec, `${f} imports ${spec}`).toMatch(/^(?:\.{1,2}\/|zod$|zod\/locales$|zod\/mini$|yaml$|jstat$|ics$)/);
      }
    }
  });
});

describe('src/lib/marketing.ts (Vite import.meta.glob)', () => {
  it('loads the same plan', async () => {
    const { marketing } = await import('../../src/lib/marketing');
    expect(marketing).toEqual(parseMarketing(readSources()));
    expect(marketing.prices.offers['primo-arrivant'].amount).toBe(890);
  });
});

describe('parseMarketing: errors name the file and the field', () => {
  it('rejects an unknown key', () => {
    const e = failure(edit('experiments.yaml', '  label: Accroche du bandeau principal\n', '  label: Accroche du bandeau principal\n  colour: red\n'));
    expect(e.message).toContain('content/marketing/experiments.yaml: 0.colour: clé inconnue');
    expect(e.problems).toEqual([expect.objectContaining({ file: 'experiments.yaml', path: '0.colour' })]);
  });

  it('rejects a wrong type', () => {
    const e = failure(edit('lead-scoring.yaml', 'points: 8', 'points: huit'));
    expect(e.message).toMatch(/content\/marketing\/lead-scoring\.yaml: siteActions\.2\.points: .*nombre attendu/);
  });

  it('rejects a missing field', () => {
    const e = failure(edit('prices.yaml', '    amount: 890\n', ''));
    expect(e.message).toContain('content/marketing/prices.yaml: offers.primo-arrivant.amount: champ obligatoire manquant');
  });

  it('rejects a withdrawal window for distance contracts under 14 days, and an unknown reversal window, naming the field', () => {
    const short = failure(edit('prices.yaml', 'distanceWithdrawalDays: 14', 'distanceWithdrawalDays: 12'));
    expect(short.message).toContain('content/marketing/prices.yaml: payment.distanceWithdrawalDays: le délai de rétractation d’un contrat conclu à distance est d’au moins 14 jours');
    const unknown = failure(edit('prices.yaml', 'commissionReversal: distanceWithdrawalDays', 'commissionReversal: quinzeJours'));
    expect(unknown.message).toContain('content/marketing/prices.yaml: payment.commissionReversal:');
    const period = failure(edit('affiliates.yaml', '        period: calendar-year', '        period: rolling-12-months'));
    expect(period.message).toContain('content/marketing/affiliates.yaml: 0.bonuses.0.threshold.period:');
  });

  it('rejects a YAML syntax error with its line', () => {
    const e = failure(edit('kpis.yaml', 'nature: targets', 'nature: [targets'));
    expect(e.problems[0].file).toBe('kpis.yaml');
    expect(e.message).toMatch(/content\/marketing\/kpis\.yaml: ligne \d+, colonne \d+: erreur de syntaxe YAML/);
  });

  it('rejects a missing file and an unexpected file', () => {
    const { 'chatbot.yaml': _, ...rest } = readSources();
    const e = failure({ ...rest, 'chatbott.yaml': 'scenarios: []' });
    expect(e.message).toContain('content/marketing/chatbot.yaml: (fichier): fichier manquant');
    expect(e.message).toContain('content/marketing/chatbott.yaml: (fichier): fichier inattendu');
  });

  it('reports every problem of every file at once', () => {
    const sources = edit('segments.yaml', 'maxEmails: 2', 'maxEmails: -2');
    sources['affiliates.yaml'] = sources['affiliates.yaml'].replace('amountEur: 100', 'amountEur: cent');
    const e = failure(sources);
    expect(e.message).toContain('content/marketing/segments.yaml: 0.frequencyCap.maxEmails:');
    expect(e.message).toContain('content/marketing/affiliates.yaml: 0.commission.amountEur:');
  });

  it('rejects a non-positive experiment weight and a bad page path', () => {
    const sources = edit('experiments.yaml', '      text: Commencer maintenant\n      weight: 50', '      text: Commencer maintenant\n      weight: 0');
    sources['keywords.yaml'] = sources['keywords.yaml'].replace('page: /formation-electrique-automobile/', 'page: /formation-electrique-automobile');
    const e = failure(sources);
    expect(e.message).toContain('content/marketing/experiments.yaml: 1.variants.1.weight: le poids doit être strictement positif');
    expect(e.message).toContain('content/marketing/keywords.yaml: 6.page: chemin relatif attendu');
  });

  it('rejects a duplicate keyword', () => {
    const e = failure(edit('keywords.yaml', '- keyword: reconversion mécanique', '- keyword: Formation  mecanique'));
    expect(e.message).toContain('content/marketing/keywords.yaml: 7.keyword: mot-clé « formation mecanique » en double');
  });

  it('rejects an audience outside the taxonomy', () => {
    const e = failure(edit('segments.yaml', 'audience: reconversion', 'audience: retraites'));
    expect(e.message).toMatch(/content\/marketing\/segments\.yaml: 1\.audience: /);
  });

  it('checks facts shared between files', () => {
    const sources = edit('audiences.yaml', 'offer: equipe-garage', 'offer: equipe-atelier');
    sources['whatsapp.yaml'] = sources['whatsapp.yaml'].replace('+33 6 89 45 72 31', '+33 6 00 00 00 00');
    sources['chatbot.yaml'] = sources['chatbot.yaml'].replace('1 490 € pour une équipe', '1 390 € pour une équipe');
    const e = failure(sources);
    expect(e.message).toContain('content/marketing/audiences.yaml: 2.offer: offre « equipe-atelier » inconnue');
    expect(e.message).toContain('content/marketing/whatsapp.yaml: number: le numéro doit être celui de organization.yaml');
    expect(e.message).toContain('content/marketing/chatbot.yaml: scenarios.1.response: montant 1390 € absent de prices.yaml');
  });

  it('rejects an emoji in a quick reply label', () => {
    const e = failure(edit('whatsapp.yaml', 'label: Voir nos formations', 'label: "📚 Voir nos formations"'));
    expect(e.message).toContain('content/marketing/whatsapp.yaml: quickReplies.0.label: pas d’emoji');
  });

  it('rejects a qualified-lead temperature that lead-scoring.yaml does not define', () => {
    const e = failure(edit('kpis.yaml', 'temperatures: [warm, hot]', 'temperatures: [warm, brulant]'));
    expect(e.problems).toEqual([expect.objectContaining({ file: 'kpis.yaml', path: 'qualifiedLead.temperatures.1' })]);
    expect(e.message).toContain('content/marketing/kpis.yaml: qualifiedLead.temperatures.1: température « brulant » inconnue dans lead-scoring.yaml (seuils : cold, warm, hot)');
    const twice = failure(edit('kpis.yaml', 'temperatures: [warm, hot]', 'temperatures: [hot, hot]'));
    expect(twice.message).toContain('content/marketing/kpis.yaml: qualifiedLead.temperatures.1: température « hot » en double');
    const none = failure(edit('kpis.yaml', 'temperatures: [warm, hot]', 'temperatures: []'));
    expect(none.message).toContain('content/marketing/kpis.yaml: qualifiedLead.temperatures: au moins une température');
  });

  it('checks the spend entered: a known campaign, a YYYY-MM month, once per month and campaign', () => {
    const e = failure(
      edit(
        'campaigns.yaml',
        'spend: []',
        [
          'spend:',
          '  - { month: "2026-12", campaign: formation-generale, amountEur: 1800 }',
          '  - { month: "2026-12", campaign: campagne-890-euros, amountEur: 2500.5 }',
          '  - { month: "2026-13", campaign: garages, amountEur: 10 }',
          '  - { month: "2026-11", campaign: facebook, amountEur: 10 }',
          '  - { month: "2026-12", campaign: formation-generale, amountEur: 5 }',
          '  - { month: "2026-10", campaign: garages, amountEur: -1 }',
        ].join('\n'),
      ),
    );
    expect(e.problems.map((p) => p.path).sort()).toEqual(['spend.2.month', 'spend.3.campaign', 'spend.4.campaign', 'spend.5.amountEur']);
    expect(e.message).toContain('content/marketing/campaigns.yaml: spend.2.month: mois attendu au format AAAA-MM');
    expect(e.message).toContain('content/marketing/campaigns.yaml: spend.3.campaign: campagne « facebook » inconnue (googleAds : formation-generale, primo-arrivants, reconversion, garages ; special : campagne-890-euros, campagne-1490-garages)');
    expect(e.message).toContain('content/marketing/campaigns.yaml: spend.4.campaign: dépense de la campagne et du mois « formation-generale 2026-12 » en double (déjà utilisé à l’élément 0)');
    expect(e.message).toMatch(/campaigns\.yaml: spend\.5\.amountEur: /);
    const ok = parseMarketing(edit('campaigns.yaml', 'spend: []', 'spend:\n  - month: "2026-12"\n    campaign: campagne-890-euros\n    amountEur: 2500.5'));
    expect(ok.campaigns.spend).toEqual([{ month: '2026-12', campaign: 'campagne-890-euros', amountEur: 2500.5 }]);
  });

  it('checks the Google Ads landing pages and keywords, and the conversion actions’ names, naming file and field', () => {
    const m = parseMarketing(readSources());
    expect(m.campaigns.googleAds.map((c) => [c.key, c.landingPages])).toEqual([
      ['formation-generale', ['/formation-mecanique-automobile/', '/cap-automobile/']],
      ['primo-arrivants', ['/formation-primo-arrivant-890-euros/', '/formation-primo-arrivant/']],
      ['reconversion', ['/reconversion-mecanique-automobile/']],
      ['garages', ['/formation-equipe-garage-1490-euros/', '/formations/formation-equipe-garage/']],
    ]);
    expect(m.campaigns.conversionImport).toEqual({ leadConversionName: 'Lead', enrolmentConversionName: 'Inscription' });
    const path = failure(edit('campaigns.yaml', '      - /cap-automobile/', '      - cap-automobile'));
    expect(path.message).toContain('content/marketing/campaigns.yaml: googleAds.0.landingPages.1: chemin relatif attendu, qui commence et finit par « / »');
    const missing = failure(edit('campaigns.yaml', '    landingPages:\n      - /reconversion-mecanique-automobile/\n', ''));
    expect(missing.message).toContain('content/marketing/campaigns.yaml: googleAds.2.landingPages: champ obligatoire manquant');
    const twice = failure(edit('campaigns.yaml', 'keywords: ["reconversion mécanique", "changer métier automobile"]', 'keywords: ["reconversion mécanique", "CAP Automobile"]'));
    expect(twice.message).toContain('content/marketing/campaigns.yaml: googleAds.2.keywords.1: mot-clé « CAP Automobile » en double (déjà dans googleAds.0.keywords.1)');
    const formula = failure(edit('campaigns.yaml', 'leadConversionName: Lead', 'leadConversionName: "=Lead"'));
    expect(formula.message).toContain('content/marketing/campaigns.yaml: conversionImport.leadConversionName: le nom ne doit pas commencer par =, +, - ou @');
  });

  it('rejects non-contiguous scoring thresholds', () => {
    const e = failure(edit('lead-scoring.yaml', 'min: 21', 'min: 25'));
    expect(e.message).toContain('content/marketing/lead-scoring.yaml: thresholds.1.min: min 21 attendu');
  });
});
