// The WhatsApp conversation (src/conversations/whatsapp-flow.ts), the Cloud API formats
// (whatsapp-cloud.ts), the wa.me links (wa-link.ts) and the business hours it relies on
// (src/marketing/business-hours.ts), daylight saving time included.
import { describe, expect, it } from 'vitest';
import { readRules } from '../../src/edge/rules-snapshot';
import { callbackDeadline, callbackDueAt, isBusinessTime, nextOpening } from '../../src/marketing/business-hours';
import { converse, EMPTY_STATE, fromWhen, onWhen, shortLabel, type FlowInput, type FlowRules, type FlowState } from '../../src/conversations/whatsapp-flow';
import { graphBody, limitProblems, parseWebhook, WebhookShapeError, type InboundContent, type Outgoing } from '../../src/conversations/whatsapp-cloud';
import { prefilledMessage, quickReplyLinks, waDigits, waMeLink } from '../../src/conversations/wa-link';
import { euroAmounts } from '../../src/marketing/config';

const rules = readRules('content');
const m = rules.marketing;
const hours = m.automation.businessHours;
const flowRules: FlowRules = { marketing: m, trainings: rules.trainingFacts, testimonials: rules.testimonials, siteUrl: 'https://www.mecaformation.fr' };
const WA = '33612345678';
// Wednesday 25 November 2026, 10:00 in Paris (UTC+1): open.
const OPEN = new Date('2026-11-25T09:00:00Z');
// Saturday 28 November 2026, 11:00 in Paris: closed until Monday 30 November, 9:00.
const SATURDAY = new Date('2026-11-28T10:00:00Z');

const text = (t: string): InboundContent => ({ kind: 'text', text: t });
const choice = (id: string): InboundContent => ({ kind: 'choice', id, title: id });
function turn(content: InboundContent, state: FlowState | null = EMPTY_STATE, now = OPEN, extra: Partial<FlowInput> = {}) {
  return converse(flowRules, { state, content, now, waId: WA, openCallbackDue: null, ...extra });
}
/** The state after a sequence of choices from the menu. */
function walk(ids: string[], now = OPEN) {
  let state: FlowState = EMPTY_STATE;
  let out = turn(choice(ids[0]!), state, now);
  for (const id of ids.slice(1)) {
    state = out.state;
    out = turn(choice(id), state, now);
  }
  return out;
}
const texts = (replies: Outgoing[]) => replies.map((r) => (r.type === 'text' ? r.text : r.type === 'document' ? r.caption : r.body)).join('\n');
const rows = (r: Outgoing | undefined) => (r?.type === 'list' ? r.sections.flatMap((s) => s.rows) : []);
const NBSP = '\u00a0';

describe('business hours of automation.yaml (Europe/Paris)', () => {
  it('is open on a weekday between 9:00 and 18:00 local time, in winter and in summer', () => {
    expect(isBusinessTime(OPEN, hours)).toBe(true);
    expect(isBusinessTime(new Date('2026-06-10T07:00:00Z'), hours)).toBe(true); // 9:00 CEST
    expect(isBusinessTime(new Date('2026-06-10T06:59:00Z'), hours)).toBe(false);
    expect(isBusinessTime(new Date('2026-11-25T17:00:00Z'), hours)).toBe(false); // 18:00 CET
    expect(isBusinessTime(SATURDAY, hours)).toBe(false);
  });

  it('the next opening: now when open, else the next opening day at 9:00 local time', () => {
    expect(nextOpening(OPEN, hours)).toEqual(OPEN);
    expect(nextOpening(new Date('2026-11-25T07:59:00Z'), hours).toISOString()).toBe('2026-11-25T08:00:00.000Z'); // Wed 8:59 → 9:00
    expect(nextOpening(new Date('2026-11-27T17:30:00Z'), hours).toISOString()).toBe('2026-11-30T08:00:00.000Z'); // Fri 18:30 → Mon 9:00
    expect(nextOpening(SATURDAY, hours).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('across daylight saving time: the opening stays at 9:00 in Paris, the UTC instant moves', () => {
    // Clocks go forward on Sunday 29 March 2026: Saturday is UTC+1, Monday UTC+2.
    expect(nextOpening(new Date('2026-03-28T11:00:00Z'), hours).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // Clocks go back on Sunday 25 October 2026: Friday evening is UTC+2, Monday UTC+1.
    expect(nextOpening(new Date('2026-10-23T17:00:00Z'), hours).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // The night of the change itself (Sunday 3:30 summer time does not exist in spring; 2:30 happens twice in autumn).
    expect(nextOpening(new Date('2026-03-29T01:30:00Z'), hours).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextOpening(new Date('2026-10-25T00:30:00Z'), hours).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(nextOpening(new Date('2026-10-25T01:30:00Z'), hours).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('the callback deadline is the one the engine gives the site’s callbacks (callbackDueAt), around both changes of time', () => {
    const starts = [new Date('2026-03-26T00:00:00Z'), new Date('2026-10-22T00:00:00Z'), new Date('2026-11-26T00:00:00Z')];
    let compared = 0;
    for (const start of starts) {
      for (let t = start.getTime(); t < start.getTime() + 6 * 86_400_000; t += 421 * 60_000 + 17_000) {
        const at = new Date(t);
        expect(callbackDeadline(at, 24, hours).toISOString(), at.toISOString()).toBe(callbackDueAt(at, 24, hours).toISOString());
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  }, 60_000);

  it('says when in French: today, tomorrow, or the day', () => {
    expect(fromWhen(new Date('2026-11-25T08:00:00Z'), new Date('2026-11-25T06:00:00Z'))).toBe(`à partir d’aujourd’hui à 9${NBSP}h`);
    expect(fromWhen(new Date('2026-11-26T08:00:00Z'), new Date('2026-11-25T18:00:00Z'))).toBe(`à partir de demain à 9${NBSP}h`);
    expect(fromWhen(new Date('2026-11-30T08:00:00Z'), SATURDAY)).toBe(`à partir du lundi 30 novembre à 9${NBSP}h`);
    expect(fromWhen(new Date('2026-12-01T08:00:00Z'), SATURDAY)).toBe(`à partir du mardi 1er décembre à 9${NBSP}h`);
    expect(onWhen(new Date('2026-11-26T09:30:00Z'), OPEN)).toBe(`demain à 10${NBSP}h${NBSP}30`);
  });
});

describe('the conversation: welcome and absence', () => {
  it('a first « Bonjour » gets the welcome of whatsapp.yaml with the four quick replies as a list', () => {
    const out = turn(text('Bonjour !'), null);
    expect(out.replies).toHaveLength(1);
    const [welcome] = out.replies;
    expect(welcome!.type).toBe('list');
    if (welcome!.type !== 'list') return;
    expect(welcome.body).toContain('Merci de nous contacter');
    expect(rows(welcome).map((r) => r.title)).toEqual(['Voir nos formations', 'Tarifs et financement', 'Demander un rappel', 'Témoignages d’apprenants']);
    expect(rows(welcome).map((r) => r.id)).toEqual(['menu/formations', 'menu/tarifs-financement', 'menu/rappel', 'menu/temoignages']);
    expect(out.callback).toBeNull();
  });

  it('any first message gets the welcome; a later greeting or « menu » too; a question mid-way does not', () => {
    expect(turn(text('Je voudrais un renseignement'), null).replies[0]!.type).toBe('list');
    expect(rows(turn(text('menu'), { ...EMPTY_STATE, topic: 'formations', step: 'training', audience: 'garages' }).replies[0])[0]!.id).toBe('menu/formations');
    expect(rows(turn(text('Bonjour'), EMPTY_STATE).replies[0])).toHaveLength(4);
  });

  it('outside business hours: the absence message as well, saying truthfully when a person is there, once per closed period', () => {
    const out = turn(text('Bonjour'), null, SATURDAY);
    expect(out.replies.map((r) => r.type)).toEqual(['list', 'text']);
    const absence = out.replies[1]!.type === 'text' ? out.replies[1]!.text : '';
    expect(absence).toContain('du lundi au vendredi, de 9');
    expect(absence).toContain(`à partir du lundi 30${NBSP}novembre à 9${NBSP}h`);
    expect(absence).not.toContain('15 minutes');
    // Saturday afternoon: nothing new to say about the hours.
    const again = turn(text('Bonjour'), out.state, new Date('2026-11-28T15:00:00Z'));
    expect(again.replies.map((r) => r.type)).toEqual(['list']);
    // Monday evening: another closed period, another absence message.
    expect(turn(text('Bonjour'), out.state, new Date('2026-11-30T19:00:00Z')).replies.map((r) => r.type)).toEqual(['list', 'text']);
  });

  it('a reaction gets nothing; a photo or a voice note gets a short note and the welcome', () => {
    expect(turn({ kind: 'other', type: 'reaction' }).replies).toEqual([]);
    expect(turn({ kind: 'other', type: 'system' }).replies).toEqual([]);
    expect(turn({ kind: 'other', type: 'request_welcome' }, null).replies.map((r) => r.type)).toEqual(['list']);
    const photo = turn({ kind: 'other', type: 'image' });
    expect(photo.replies.map((r) => r.type)).toEqual(['text', 'list']);
  });
});

describe('the conversation: Demander un rappel', () => {
  it('creates a callback due 24 business hours later and tells the number and the time', () => {
    const out = turn(choice('menu/rappel'));
    expect(out.callback?.dueAt.toISOString()).toBe(callbackDueAt(OPEN, 24, hours).toISOString());
    expect(texts(out.replies)).toContain(`+33${NBSP}6${NBSP}12${NBSP}34${NBSP}56${NBSP}78`);
    expect(texts(out.replies)).toContain(`au plus tard demain à 10${NBSP}h`);
  });

  it('on a Saturday: due on Monday morning, and the hours of the team are said', () => {
    const out = turn(choice('menu/rappel'), EMPTY_STATE, SATURDAY);
    expect(out.callback?.dueAt.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(texts(out.replies)).toContain(`au plus tard le lundi 30${NBSP}novembre à 9${NBSP}h`);
  });

  it('an open callback is not asked twice; the prefilled message of the site’s link asks for one too', () => {
    const open = new Date('2026-11-26T09:00:00Z');
    const out = turn(choice('menu/rappel'), EMPTY_STATE, OPEN, { openCallbackDue: open });
    expect(out.callback).toBeNull();
    expect(texts(out.replies)).toContain('déjà enregistrée');
    expect(turn(text(prefilledMessage(m.whatsapp, 'rappel')), EMPTY_STATE).callback).not.toBeNull();
    expect(turn(text('Pouvez-vous me rappeler ?'), EMPTY_STATE).callback).not.toBeNull();
    expect(turn(text('Quelles formations proposez-vous ?'), EMPTY_STATE).state.topic).toBe('formations');
  });
});

describe('the conversation: demande_info (Voir nos formations)', () => {
  it('asks the situation, then the training among those open to it, then sends the guide’s PDF and proposes a callback', () => {
    const first = turn(choice('menu/formations'));
    expect(rows(first.replies[0]).map((r) => r.id)).toEqual(m.audiences.map((a) => `formations/sit/${a.slug}`));
    const second = turn(choice('formations/sit/primo-arrivants'), first.state);
    const offered = rows(second.replies[0]).map((r) => r.id.split('/')[2]);
    const open = rules.trainingFacts.filter((t) => t.audiences.includes('primo-arrivants')).map((t) => t.slug);
    expect(offered).toEqual([...open, '-']);
    const third = turn(choice('formations/fo/cap-maintenance-vehicules'), second.state);
    expect(third.replies.map((r) => r.type)).toEqual(['document', 'text', 'buttons']);
    const doc = third.replies[0]!;
    expect(doc.type === 'document' && doc.link).toBe('https://www.mecaformation.fr/guide/devenir-mecanicien-automobile-a-distance.pdf');
    expect(doc.type === 'document' && doc.filename).toBe('devenir-mecanicien-automobile-a-distance.pdf');
    expect(texts(third.replies)).toContain('https://www.mecaformation.fr/formations/cap-maintenance-vehicules/');
    expect(third.state).toMatchObject({ topic: 'formations', step: 'callback', audience: 'primo-arrivants', training: 'cap-maintenance-vehicules' });
    const yes = turn(choice('rappel/oui'), third.state);
    expect(yes.callback).not.toBeNull();
    const no = turn(choice('rappel/non'), third.state);
    expect(no.callback).toBeNull();
    expect(no.state.step).toBeNull();
  });

  it('more than 10 choices: 9 per list and « Autres formations »', () => {
    const out = walk(['menu/formations', 'formations/sit/reconversion']);
    const page1 = rows(out.replies[0]);
    expect(page1).toHaveLength(10);
    expect(page1.at(-1)!.id).toBe('formations/page/1');
    const next = turn(choice('formations/page/1'), out.state);
    const all = [...page1.slice(0, 9), ...rows(next.replies[0])].map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((id) => id.startsWith('formations/fo/') && id !== 'formations/fo/-')).toHaveLength(rules.trainingFacts.filter((t) => t.audiences.includes('reconversion')).length);
  });

  it('an answer typed instead of tapped is understood; an odd one gets the question again', () => {
    const first = turn(choice('menu/formations'));
    expect(turn(text('Garages et entreprises'), first.state).state.audience).toBe('garages');
    const odd = turn(text('euh'), first.state);
    expect(odd.replies[0]!.type === 'list' && odd.replies[0]!.body).toMatch(/^Je n’ai pas compris votre réponse/);
    expect(odd.state.step).toBe('situation');
    expect(turn(text('oui'), walk(['menu/formations', 'formations/sit/garages', 'formations/fo/-']).state).callback).not.toBeNull();
  });
});

describe('the conversation: tarifs (Tarifs et financement)', () => {
  const quote = (audience: string, training: string, funding: string) => texts(walk(['menu/tarifs-financement', `tarifs-financement/sit/${audience}`, `tarifs-financement/fo/${training}`, `tarifs-financement/fin/${funding}`]).replies);

  it('890 € only for a primo-arrivant on an eligible training, with the deposit and balance of a personal funding', () => {
    const t = quote('primo-arrivants', 'cap-maintenance-vehicules', 'autofinancement');
    expect(t).toContain(`890${NBSP}€ au lieu de 2\u202f490${NBSP}€`);
    expect(t).toContain(`acompte de 267${NBSP}€ au plus`);
    expect(t).toContain(`solde de 623${NBSP}€`);
    expect(t).toContain(`délai de rétractation de 10${NBSP}jours`);
  });

  it('a primo-arrivant on a training without the offer gets its own price and the eligible ones', () => {
    const t = quote('primo-arrivants', 'climatisation-automobile', 'france-travail-aif');
    expect(t).toContain(`590${NBSP}€ pour une personne`);
    expect(t).not.toContain(`890${NBSP}€ au lieu`);
    expect(t).toContain('«\u202fCAP MVA à distance\u202f»');
    expect(t).toContain('France Travail');
  });

  it('1 490 € for a garage team of up to 8 on the team training; the individual price otherwise', () => {
    const team = quote('garages', 'formation-equipe-garage', 'opco-mobilites');
    expect(team).toContain(`1\u202f490${NBSP}€ pour former jusqu’à 8${NBSP}personnes de votre garage`);
    expect(team).toContain('OPCO');
    expect(quote('garages', 'calibrage-adas', 'opco-mobilites')).toContain(`990${NBSP}€ pour une personne`);
    expect(quote('reconversion', 'cap-maintenance-vehicules', 'cpf')).toContain(`2\u202f490${NBSP}€ pour une personne`);
  });

  it('offers only the training’s own funding, and ends with a proposed callback (offre sur mesure)', () => {
    const out = walk(['menu/tarifs-financement', 'tarifs-financement/sit/reconversion', 'tarifs-financement/fo/calibrage-adas']);
    expect(rows(out.replies[0]).map((r) => r.id.split('/')[2])).toEqual([...rules.trainingFacts.find((t) => t.slug === 'calibrage-adas')!.financing, '-']);
    expect(rows(out.replies[0]).map((r) => r.title)).toContain('OPCO Mobilités');
    const end = turn(choice('tarifs-financement/fin/-'), out.state);
    expect(end.replies.at(-1)!.type).toBe('buttons');
  });

  it('never states an amount that is not a price of the data or computed from one', () => {
    const prices = new Set([...Object.values(m.prices.offers).map((o) => o.amount), ...rules.trainingFacts.map((t) => t.price.individual)]);
    const allowed = new Set(prices);
    for (const p of prices) {
      const deposit = Math.floor((p * m.prices.payment.individualDepositMaxPercent) / 100);
      allowed.add(deposit).add(p - deposit);
    }
    for (const a of m.audiences) {
      for (const t of rules.trainingFacts.filter((x) => x.audiences.includes(a.slug))) {
        for (const f of [...t.financing, '-']) {
          for (const n of euroAmounts(quote(a.slug, t.slug, f))) expect(allowed.has(n), `${n} € (${a.slug}, ${t.slug}, ${f})`).toBe(true);
        }
      }
    }
  });
});

describe('every message the conversation can send fits the platform’s limits and French typography', () => {
  it('all topics, publics, trainings, pages and fundings', () => {
    const seen: Outgoing[] = [];
    const keep = (o: ReturnType<typeof turn>) => (seen.push(...o.replies), o);
    keep(turn(text('Bonjour'), null, SATURDAY));
    for (const q of m.whatsapp.quickReplies) keep(turn(choice(`menu/${q.key}`)));
    for (const topic of ['formations', 'tarifs-financement']) {
      for (const a of m.audiences) {
        const list = keep(walk([`menu/${topic}`, `${topic}/sit/${a.slug}`]));
        keep(turn(choice(`${topic}/page/1`), list.state));
        for (const t of [...rules.trainingFacts.filter((x) => x.audiences.includes(a.slug)).map((x) => x.slug), '-']) {
          const after = keep(turn(choice(`${topic}/fo/${t}`), list.state));
          if (after.state.step === 'financing') for (const f of [...rules.trainingFacts.find((x) => x.slug === t)!.financing, '-']) keep(turn(choice(`tarifs-financement/fin/${f}`), after.state));
        }
      }
    }
    expect(seen.length).toBeGreaterThan(150);
    for (const msg of seen) {
      expect(limitProblems(msg), JSON.stringify(msg)).toEqual([]);
      // A narrow no-break space before : ; ! ? (never a plain space).
      expect(texts([msg]), JSON.stringify(msg)).not.toMatch(/ [:;!?]/);
    }
  });

  it('list titles are whole words, never cut in the middle', () => {
    expect(shortLabel('Reconversion professionnelle')).toBe('Reconversion');
    expect(shortLabel('Électricité et électronique auto')).toBe('Électricité');
    expect(shortLabel('Habilitation électrique véhicules')).toBe('Habilitation électrique');
    const titles = rules.trainingFacts.map((t) => shortLabel(t.shortTitle));
    expect(new Set(titles).size).toBe(titles.length);
  });
});

describe('Cloud API formats', () => {
  it('builds the bodies Meta documents for text, list, buttons and document', () => {
    expect(graphBody(WA, { type: 'text', text: 'Voir https://www.mecaformation.fr/' })).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: WA, type: 'text', text: { preview_url: true, body: 'Voir https://www.mecaformation.fr/' } });
    const list = graphBody(WA, { type: 'list', body: 'Choisissez', button: 'Voir', sections: [{ title: 'Sujets', rows: [{ id: 'a', title: 'A', description: 'Le A' }] }] });
    expect(list).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'Choisissez' }, action: { button: 'Voir', sections: [{ title: 'Sujets', rows: [{ id: 'a', title: 'A', description: 'Le A' }] }] } } });
    expect(graphBody(WA, { type: 'buttons', body: 'Oui ?', buttons: [{ id: 'y', title: 'Oui' }] })).toMatchObject({ type: 'interactive', interactive: { type: 'button', action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Oui' } }] } } });
    expect(graphBody(WA, { type: 'document', link: 'https://x.fr/g.pdf', filename: 'g.pdf', caption: 'Guide' })).toMatchObject({ type: 'document', document: { link: 'https://x.fr/g.pdf', filename: 'g.pdf', caption: 'Guide' } });
  });

  it('refuses a message over the limits (25-character row title, 4 buttons, 11 rows)', () => {
    expect(() => graphBody(WA, { type: 'list', body: 'x', button: 'Voir', sections: [{ title: 'S', rows: [{ id: 'a', title: 'x'.repeat(25) }] }] })).toThrow(/titre de ligne : 25 caractères, 24 au plus/);
    expect(limitProblems({ type: 'buttons', body: 'x', buttons: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) })).toContain('boutons : 4, de 1 à 3');
    expect(limitProblems({ type: 'list', body: 'x', button: 'Voir', sections: [{ title: 'S', rows: Array.from({ length: 11 }, (_, i) => ({ id: String(i), title: String(i) })) }] })).toContain('lignes : 11, de 1 à 10 en tout');
  });

  const envelope = (value: Record<string, unknown>) => ({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1234567' }, ...value } }] }] });

  it('reads text, list replies, button replies and statuses', () => {
    const parsed = parseWebhook(
      envelope({
        contacts: [{ profile: { name: 'Yanis' }, wa_id: WA }],
        messages: [
          { from: WA, id: 'wamid.1', timestamp: '1764324000', type: 'text', text: { body: 'Bonjour' } },
          { from: WA, id: 'wamid.2', timestamp: '1764324001', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'menu/rappel', title: 'Demander un rappel' } } },
          { from: WA, id: 'wamid.3', timestamp: '1764324002', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'rappel/oui', title: 'Oui, rappelez-moi' } } },
          { from: WA, id: 'wamid.4', timestamp: '1764324003', type: 'image', image: { id: '9' } },
        ],
        statuses: [
          { id: 'wamid.out', status: 'delivered', timestamp: '1764324004', recipient_id: WA },
          { id: 'wamid.out', status: 'failed', timestamp: '1764324005', recipient_id: WA, errors: [{ code: 131047, title: 'Re-engagement message' }] },
          { id: 'wamid.out', status: 'deleted', timestamp: '1764324006', recipient_id: WA },
        ],
      }),
      '1234567',
    );
    expect(parsed.messages.map((x) => x.content)).toEqual([
      { kind: 'text', text: 'Bonjour' },
      { kind: 'choice', id: 'menu/rappel', title: 'Demander un rappel' },
      { kind: 'choice', id: 'rappel/oui', title: 'Oui, rappelez-moi' },
      { kind: 'other', type: 'image' },
    ]);
    expect(parsed.messages[0]!.at.toISOString()).toBe('2025-11-28T10:00:00.000Z');
    expect(parsed.messages[0]!.profileName).toBe('Yanis');
    expect(parsed.statuses.map((s) => [s.status, s.error])).toEqual([['delivered', null], ['failed', '131047 Re-engagement message']]);
    expect(parsed.ignored).toBe(1);
  });

  it('ignores another number of the app and other fields; refuses a shape Meta never sends, naming the field', () => {
    expect(parseWebhook(envelope({ messages: [{ from: WA, id: 'w', timestamp: '1', type: 'text', text: { body: 'x' } }] }), '999').messages).toEqual([]);
    expect(parseWebhook({ object: 'page', entry: [] }).ignored).toBe(1);
    const bad = (body: unknown) => {
      try {
        parseWebhook(body);
        return null;
      } catch (e) {
        return e instanceof WebhookShapeError ? e.message : String(e);
      }
    };
    expect(bad([])).toBe('corps : objet attendu');
    expect(bad({ object: 'whatsapp_business_account', entry: {} })).toBe('entry : tableau attendu');
    expect(bad(envelope({ messages: [{ from: WA, timestamp: '1', type: 'text', text: { body: 'x' } }] }))).toBe('entry[0].changes[0].value.messages[0].id : identifiant de message attendu (wamid…, 256 caractères au plus)');
    expect(bad(envelope({ messages: [{ from: '+33 6', id: 'w', timestamp: '1', type: 'text', text: { body: 'x' } }] }))).toBe('entry[0].changes[0].value.messages[0].from : numéro WhatsApp attendu (5 à 20 chiffres)');
    expect(bad(envelope({ messages: [{ from: WA, id: 'w', timestamp: 'hier', type: 'text', text: { body: 'x' } }] }))).toMatch(/timestamp : horodatage en secondes/);
  });
});

describe('wa.me links', () => {
  it('digits only, the text URL-encoded', () => {
    expect(waDigits('+33 6 89 45 72 31')).toBe('33689457231');
    expect(waDigits('0033 6 89 45 72 31')).toBe('33689457231');
    expect(waMeLink('+33 6 89 45 72 31')).toBe('https://wa.me/33689457231');
    expect(waMeLink('+33 (6) 89-45-72-31', 'x')).toBe('https://wa.me/33689457231?text=x');
    expect(waMeLink('+33 6 89 45 72 31', 'Bonjour, je voudrais connaître vos tarifs & financements ?')).toBe(
      'https://wa.me/33689457231?text=Bonjour%2C%20je%20voudrais%20conna%C3%AEtre%20vos%20tarifs%20%26%20financements%20%3F',
    );
    expect(() => waMeLink('06 89 45 72 31')).toThrow(/format international/);
    expect(() => waMeLink('+33')).toThrow(/8 à 15 chiffres/);
  });

  it('one prefilled, editable message per quick reply of whatsapp.yaml, with the page when given', () => {
    const links = quickReplyLinks(m.whatsapp);
    expect(links.map((l) => l.label)).toEqual(['Voir nos formations', 'Tarifs et financement', 'Demander un rappel', 'Témoignages d’apprenants']);
    for (const l of links) {
      expect(l.href.startsWith(`https://wa.me/${waDigits(m.organization.whatsapp)}?text=`)).toBe(true);
      expect(decodeURIComponent(l.href.split('?text=')[1]!)).toBe(l.message);
    }
    expect(prefilledMessage(m.whatsapp, 'formations', { title: 'CAP MVA à distance', path: '/formations/cap-maintenance-vehicules/' })).toBe(
      'Bonjour, je voudrais découvrir vos formations. (page «\u202fCAP MVA à distance\u202f»\u202f: /formations/cap-maintenance-vehicules/)',
    );
    expect(() => prefilledMessage(m.whatsapp, 'inconnu')).toThrow(/sujet « inconnu » inconnu/);
  });

  it('the prefilled message of each topic starts that topic when it reaches the webhook, with or without its page', () => {
    const page = { title: 'Véhicules hybrides', path: '/formations/vehicules-hybrides/' };
    for (const q of [...m.whatsapp.quickReplies.map((x) => ({ key: x.key, message: x.message })), ...m.whatsapp.quickReplies.map((x) => ({ key: x.key, message: prefilledMessage(m.whatsapp, x.key, page) }))]) {
      const out = turn(text(q.message), EMPTY_STATE);
      if (q.key === 'formations' || q.key === 'tarifs-financement') expect(out.state.topic).toBe(q.key);
      if (q.key === 'rappel') expect(out.callback).not.toBeNull();
      if (q.key === 'temoignages') expect(texts(out.replies)).toContain('/temoignages/');
    }
  });
});
