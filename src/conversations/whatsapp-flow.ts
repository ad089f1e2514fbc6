// The WhatsApp conversation of the marketing plan (whatsapp.yaml), as a pure function: the state
// of a conversation and what the person just sent in, the replies and the next state out.
//
// - The welcome message with the quick replies as an interactive list, on a first message, on a
//   greeting (« Bonjour ») or « menu »; outside the business hours of automation.yaml the absence
//   message too, once per closed period, saying when a person is next available (computed).
// - `demande_info` (« Voir nos formations »): the person's situation and the training that
//   interests them (lists built from audiences.yaml and the trainings), the free guide's PDF as a
//   document, the training's page, then a proposed callback.
// - `tarifs` (« Tarifs et financement »): situation, training and funding, then the price that
//   applies (prices.yaml: 890 € only for a primo-arrivant on an eligible training, 1 490 € for a
//   garage team of up to 8 on the team training, otherwise the training's own price) and what the
//   funding means (the deposit at most, the balance), then a proposed callback (offre sur mesure).
// - « Demander un rappel »: a callback task, once (an open one is not duplicated).
// - « Témoignages d’apprenants »: the published testimonials, honest about illustration texts.
//
// Every figure comes from the data (prices.yaml, the trainings' frontmatter); no free text is
// invented. Row ids carry their topic (`tarifs-financement/fo/cap-maintenance-vehicules`), so a
// choice tapped in an older list is still understood.
import type { Marketing } from '../marketing/config';
import { callbackWithinHours, normalizeText } from '../marketing/config';
import { callbackDeadline, isBusinessTime, nextOpening } from '../marketing/business-hours';
import { formatEuros, frenchText } from '../lib/typography';
import { GUIDE_TITLE, guidePaths } from '../lib/guide';
import type { Outgoing, InboundContent } from './whatsapp-cloud';

export interface TrainingFacts {
  slug: string;
  title: string;
  shortTitle: string;
  audiences: string[];
  price: { individual: number; primoArrivant: boolean; team: boolean };
  financing: string[];
}

export interface TestimonialFacts {
  name: string;
  role: string;
  audience: string;
  training: string;
  quote: string;
  status: 'exemple' | 'verifie';
}

export interface FlowRules {
  marketing: Pick<Marketing, 'whatsapp' | 'prices' | 'audiences' | 'organization' | 'automation' | 'sequences'>;
  trainings: TrainingFacts[];
  testimonials: TestimonialFacts[];
  /** Origin of the links (the guide's PDF, the training pages). */
  siteUrl: string;
}

type Topic = 'formations' | 'tarifs-financement';

export interface FlowState {
  topic: Topic | null;
  step: 'situation' | 'training' | 'financing' | 'callback' | null;
  audience: string | null;
  training: string | null;
  /** The closed period whose absence message was sent (its next opening, ISO). */
  absenceFor: string | null;
}

export const EMPTY_STATE: FlowState = { topic: null, step: null, audience: null, training: null, absenceFor: null };

export interface FlowInput {
  /** null: the person's first message. */
  state: FlowState | null;
  content: InboundContent;
  now: Date;
  /** The person's WhatsApp id (their number, digits). */
  waId: string;
  /** Due time of the person's open callback task, if any. */
  openCallbackDue: Date | null;
}

export interface FlowOutput {
  replies: Outgoing[];
  state: FlowState;
  /** A callback task to create, due at this time. */
  callback: { dueAt: Date } | null;
}

const MENU = 'menu';
const GREETING = /^(bonjour|bonsoir|salut|hello|hi|coucou|bjr|slt|menu|accueil|debut|start|aide|hey)\b[\s!.,?]*(a tous|a vous|madame|monsieur)?[\s!.,?]*$/;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const STOP_WORDS = new Set(['de', 'des', 'du', 'la', 'le', 'les', 'et', 'a', 'à', 'en', 'pour', 'au', 'aux', ':', '-', '·']);

/** A title of at most `max` characters, cut after a whole word (never in the middle of one). */
export function shortLabel(text: string, max = 24): string {
  if ([...text].length <= max) return text;
  const words = text.split(/\s+/);
  const kept: string[] = [];
  for (const w of words) {
    if ([...[...kept, w].join(' ')].length > max) break;
    kept.push(w);
  }
  while (kept.length > 1 && STOP_WORDS.has(kept.at(-1)!.toLowerCase())) kept.pop();
  return kept.length ? kept.join(' ') : `${[...text].slice(0, max - 1).join('')}…`;
}
const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

/** 33612345678 → +33 6 12 34 56 78; another country's number as +digits. */
export function displayNumber(waId: string): string {
  const fr = /^33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(waId);
  return fr ? `+33\u00a0${fr.slice(1).join('\u00a0')}` : `+${waId}`;
}

const paris = (d: Date, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options }).format(d);
const timeOf = (d: Date) => {
  const [h, m] = paris(d, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).split(':').map(Number) as [number, number];
  return m ? `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}` : `${h}\u00a0h`;
};
const dayOf = (d: Date) => paris(d, { weekday: 'long', day: 'numeric', month: 'long' }).replace(/(^|\s)1(\s)/, '$11er$2');
const dayKey = (d: Date) => paris(d, { year: 'numeric', month: '2-digit', day: '2-digit' });

/** « à partir d’aujourd’hui à 14 h », « à partir de demain à 9 h », « à partir du lundi 24 novembre à 9 h ». */
export function fromWhen(at: Date, now: Date): string {
  if (dayKey(at) === dayKey(now)) return `à partir d’aujourd’hui à ${timeOf(at)}`;
  if (dayKey(at) === dayKey(new Date(now.getTime() + 86_400_000)) && dayKey(new Date(at.getTime() - 86_400_000)) === dayKey(now)) return `à partir de demain à ${timeOf(at)}`;
  return `à partir du ${dayOf(at)} à ${timeOf(at)}`;
}

/** « aujourd’hui à 16 h », « demain à 10 h », « le lundi 24 novembre à 9 h ». */
export function onWhen(at: Date, now: Date): string {
  if (dayKey(at) === dayKey(now)) return `aujourd’hui à ${timeOf(at)}`;
  if (dayKey(at) === dayKey(new Date(now.getTime() + 86_400_000))) return `demain à ${timeOf(at)}`;
  return `le ${dayOf(at)} à ${timeOf(at)}`;
}

const euros = (n: number) => formatEuros(n);

// ---------------------------------------------------------------------------------------------
// The conversation
// ---------------------------------------------------------------------------------------------

export function converse(rules: FlowRules, input: FlowInput): FlowOutput {
  const m = rules.marketing;
  const hours = m.automation.businessHours;
  const now = input.now;
  const first = input.state === null;
  let state: FlowState = { ...EMPTY_STATE, ...(input.state ?? {}) };
  const replies: Outgoing[] = [];
  let callback: FlowOutput['callback'] = null;
  const url = (path: string) => new URL(path, rules.siteUrl).toString();
  const topics = new Map(m.whatsapp.quickReplies.map((q) => [q.key, q]));
  const audienceOf = (slug: string | null) => m.audiences.find((a) => a.slug === slug) ?? null;
  const trainingOf = (slug: string | null) => rules.trainings.find((t) => t.slug === slug) ?? null;
  const MENU_HINT = 'Écrivez « menu » pour revenir aux sujets.';

  // --- messages ----------------------------------------------------------------------------------
  const welcome = (): Outgoing => ({
    type: 'list',
    body: m.whatsapp.automaticMessages.welcome.text,
    button: 'Voir les sujets',
    sections: [{ title: 'Sujets', rows: m.whatsapp.quickReplies.map((q) => ({ id: `${MENU}/${q.key}`, title: q.label })) }],
  });
  const situationQuestion = (topic: Topic, prefix = ''): Outgoing => ({
    type: 'list',
    body: `${prefix}${topic === 'formations' ? 'Pour vous orienter vers la bonne formation' : 'Pour calculer le prix qui vous concerne'}, quelle est votre situation ?`,
    button: 'Choisir',
    sections: [{ title: 'Votre situation', rows: m.audiences.map((a) => ({ id: `${topic}/sit/${a.slug}`, title: shortLabel(a.label), description: cut(`${a.label}, ${a.ageLabel}`, 72) })) }],
  });
  const trainingQuestion = (topic: Topic, audience: string | null, page = 0, prefix = ''): Outgoing => {
    const options = [
      ...rules.trainings.filter((t) => !audience || t.audiences.includes(audience)).map((t) => ({ id: `${topic}/fo/${t.slug}`, title: shortLabel(t.shortTitle), description: cut(t.title, 72) })),
      { id: `${topic}/fo/-`, title: 'Je ne sais pas encore', description: topic === 'formations' ? 'Recevoir le guide et en parler avec un conseiller' : 'Voir les tarifs et financements en général' },
    ];
    // 10 rows at most per list: 9 and « Autres formations » while more remain.
    const pages: (typeof options)[] = [];
    let rest = options;
    while (rest.length > 10) {
      pages.push([...rest.slice(0, 9), { id: `${topic}/page/${pages.length + 1}`, title: 'Autres formations', description: `${rest.length - 9} autres choix` }]);
      rest = rest.slice(9);
    }
    pages.push(rest);
    const rows = pages[Math.min(page, pages.length - 1)]!;
    return {
      type: 'list',
      body: `${prefix}${page ? 'Voici les autres formations.' : 'Quelle formation vous intéresse ?'}${audience ? ` (formations ouvertes au public « ${audienceOf(audience)?.label ?? audience} »)` : ''}`,
      button: 'Choisir',
      sections: [{ title: 'Formations', rows }],
    };
  };
  const financingQuestion = (training: TrainingFacts, prefix = ''): Outgoing => ({
    type: 'list',
    body: `${prefix}Comment pensez-vous financer « ${training.shortTitle} » ?`,
    button: 'Choisir',
    sections: [
      {
        title: 'Financement',
        rows: [
          ...training.financing.map((key) => {
            const f = m.prices.financing[key as keyof typeof m.prices.financing];
            return { id: `tarifs-financement/fin/${key}`, title: financingTitle(f.label), description: cut(f.label, 72) };
          }),
          { id: 'tarifs-financement/fin/-', title: 'Je ne sais pas encore', description: 'Voir les financements possibles pour cette formation' },
        ],
      },
    ],
  });
  const callbackQuestion = (body: string): Outgoing => ({
    type: 'buttons',
    body,
    buttons: [
      { id: 'rappel/oui', title: 'Oui, rappelez-moi' },
      { id: 'rappel/non', title: 'Non merci' },
    ],
  });
  const absence = (): Outgoing => ({
    type: 'text',
    text: m.whatsapp.automaticMessages.away.outsideHoursText.replaceAll('{horaires}', m.organization.openingHours).replaceAll('{reprise}', fromWhen(nextOpening(now, hours), now)),
  });

  /** A callback for the person's number, or the one already asked for. */
  const askCallback = () => {
    if (input.openCallbackDue) {
      replies.push({ type: 'text', text: `Votre demande de rappel est déjà enregistrée : un conseiller ou une conseillère vous appellera au ${displayNumber(input.waId)} ${onWhenDeadline(input.openCallbackDue)}. ${MENU_HINT}` });
      return;
    }
    const dueAt = callbackDeadline(now, callbackWithinHours(m.sequences.workflows, 'info-request') ?? 24, hours);
    callback = { dueAt };
    const open = isBusinessTime(now, hours);
    replies.push({
      type: 'text',
      text: `C’est noté : un conseiller ou une conseillère vous appellera au ${displayNumber(input.waId)} ${onWhenDeadline(dueAt)}${open ? '' : ` (l’équipe répond ${m.organization.openingHours})`}. Si vous le souhaitez, dites-nous ici ce qui vous intéresse. ${MENU_HINT}`,
    });
  };
  const onWhenDeadline = (due: Date) => `au plus tard ${onWhen(due, now)}`;

  const testimonials = (): Outgoing[] => {
    const verified = rules.testimonials.filter((t) => t.status === 'verifie').slice(0, 2);
    const link = url('/temoignages/');
    if (verified.length) {
      return [{ type: 'text', text: `${verified.map((t) => `« ${t.quote} » (${t.name}, ${t.role})`).join('\n\n')}\n\nTous les témoignages : ${link}\n\n${MENU_HINT}` }];
    }
    const examples = rules.testimonials.some((t) => t.status === 'exemple');
    return [
      {
        type: 'text',
        text: `Les témoignages de personnes et de garages formés avec MécaFormation sont ici : ${link}${examples ? '\n\nPar transparence : ceux publiés aujourd’hui sont des textes d’illustration, en attendant des témoignages réels recueillis avec l’accord écrit des personnes.' : ''}\n\n${MENU_HINT}`,
      },
    ];
  };

  /** The price that applies, the funding's terms and a proposed callback (tarifs, final step). */
  const quote = (training: TrainingFacts | null, audience: string | null, financingKey: string | null): Outgoing[] => {
    const out: Outgoing[] = [];
    const offers = m.prices.offers;
    const pageLink = url('/tarifs-financement/');
    if (!training) {
      // No training chosen: the headline offers that fit the audience, with their conditions.
      const fitting = Object.values(offers).filter((o) => !audience || o.audience === audience);
      const lines = (fitting.length ? fitting : Object.values(offers)).map((o) => `• ${o.label} : ${euros(o.amount)}. ${o.conditions}`);
      out.push({ type: 'text', text: `${lines.join('\n')}\n\nLes autres formations ont chacune leur prix, indiqué sur leur page. Tarifs et financements : ${pageLink}` });
      out.push(callbackQuestion('Un conseiller ou une conseillère peut vous aider à choisir et à monter le financement. Voulez-vous être rappelé ?'));
      return out;
    }
    const primo = Object.values(offers).find((o) => o.audience === 'primo-arrivants');
    const team = Object.values(offers).find((o) => o.audience === 'garages');
    let amount = training.price.individual;
    const lines: string[] = [];
    if (audience === 'primo-arrivants' && training.price.primoArrivant && primo) {
      amount = primo.amount;
      lines.push(`• ${primo.label} : ${euros(primo.amount)} au lieu de ${euros(training.price.individual)}. ${primo.conditions}`);
    } else if (audience === 'garages' && training.price.team && team) {
      amount = team.amount;
      lines.push(`• ${team.label} : ${euros(team.amount)}${team.maxPeople ? ` pour former jusqu’à ${team.maxPeople} personnes de votre garage` : ''} (${euros(training.price.individual)} pour une personne seule). ${team.conditions}`);
    } else {
      lines.push(`• Prix : ${euros(training.price.individual)} pour une personne.`);
      if (audience === 'primo-arrivants' && primo) {
        const eligible = rules.trainings.filter((t) => t.price.primoArrivant).map((t) => `« ${t.shortTitle} »`);
        if (eligible.length) lines.push(`• Le ${primo.label.toLowerCase()} (${euros(primo.amount)}) s’applique aux parcours éligibles : ${eligible.join(', ')}.`);
      }
    }
    const key = financingKey && financingKey !== '-' && training.financing.includes(financingKey) ? (financingKey as keyof typeof m.prices.financing) : null;
    if (key) {
      const f = m.prices.financing[key];
      if (key === 'autofinancement') {
        const pay = m.prices.payment;
        const deposit = Math.floor((amount * pay.individualDepositMaxPercent) / 100);
        lines.push(
          `• ${f.label} : aucun paiement avant la fin du délai de rétractation de ${pay.withdrawalDays} jours, puis un acompte de ${euros(deposit)} au plus (${pay.individualDepositMaxPercent} %) et le solde de ${euros(amount - deposit)} : ${pay.instalments.charAt(0).toLowerCase()}${pay.instalments.slice(1)}`,
        );
      } else {
        lines.push(`• ${f.label} (${lowerFirst(f.who)}) : ${lowerFirst(f.how)}${f.url ? ` ${f.url}` : ''}`);
      }
    } else {
      lines.push(`• Financements possibles pour cette formation : ${training.financing.map((k) => m.prices.financing[k as keyof typeof m.prices.financing].label).join(', ')}.`);
    }
    out.push({ type: 'text', text: `Votre calcul pour « ${training.title} » :\n${lines.join('\n')}\n\nTarifs et financements : ${pageLink}` });
    out.push(callbackQuestion('Pour une offre sur mesure (devis, dates, dossier de financement), un conseiller ou une conseillère peut vous rappeler. Le souhaitez-vous ?'));
    return out;
  };

  // --- what the person said ----------------------------------------------------------------------
  type Intent = { type: 'menu'; note?: string } | { type: 'topic'; key: string } | { type: 'answer'; id: string } | { type: 'unknown' } | { type: 'none' };
  const understand = (content: InboundContent): Intent => {
    if (content.kind === 'other') {
      // A reaction or a system notice (the person changed number) needs no answer; a first opening
      // of the chat (request_welcome) gets the welcome; a photo, a voice note… a word and the welcome.
      if (content.type === 'reaction' || content.type === 'system') return { type: 'none' };
      return content.type === 'request_welcome' ? { type: 'menu' } : { type: 'menu', note: 'Je ne peux lire ici que les messages écrits et les choix proposés.' };
    }
    if (content.kind === 'choice') {
      const [head, ...tail] = content.id.split('/');
      if (head === MENU && topics.has(tail.join('/'))) return { type: 'topic', key: tail.join('/') };
      if (head === 'rappel' || head === 'formations' || head === 'tarifs-financement') return { type: 'answer', id: content.id };
      return { type: 'unknown' };
    }
    const n = normalizeText(content.text);
    // The prefilled message of the site's wa.me links (src/conversations/wa-link.ts), with or without the page it came from.
    for (const q of m.whatsapp.quickReplies) if (n.startsWith(normalizeText(q.message)) || n === normalizeText(q.label)) return { type: 'topic', key: q.key };
    if (GREETING.test(n)) return { type: 'menu' };
    // An answer typed instead of tapped: the title of one of the options of the pending question.
    const pending = pendingOptions();
    const typed = pending.find((o) => normalizeText(o.title) === n || normalizeText(o.title.replace(/…$/, '')) === n);
    if (typed) return { type: 'answer', id: typed.id };
    if (/\b(rappel|rappeler|rappelez|appel|appeler|appelez|telephone)/.test(n)) return { type: 'topic', key: 'rappel' };
    if (/\b(tarif|prix|cout|coute|combien|financ|cpf|opco|aif|payer|paiement)/.test(n)) return { type: 'topic', key: 'tarifs-financement' };
    if (/\b(temoign|avis)/.test(n)) return { type: 'topic', key: 'temoignages' };
    if (/\b(formations?|brochures?|guides?|catalogues?|programmes?|cap)\b/.test(n)) return { type: 'topic', key: 'formations' };
    if (state.step === 'callback' && /^(oui|ok|d'accord|volontiers|yes)\b/.test(n)) return { type: 'answer', id: 'rappel/oui' };
    if (state.step === 'callback' && /^(non|no|pas maintenant)\b/.test(n)) return { type: 'answer', id: 'rappel/non' };
    return { type: 'unknown' };
  };
  function pendingOptions(): { id: string; title: string }[] {
    const q = question(state);
    if (!q) return [];
    return q.type === 'list' ? q.sections.flatMap((s) => s.rows) : q.type === 'buttons' ? q.buttons : [];
  }
  /** The question the conversation waits an answer to (asked again after a misunderstanding). */
  function question(s: FlowState, prefix = ''): Outgoing | null {
    if (!s.topic || !s.step) return null;
    if (s.step === 'situation') return situationQuestion(s.topic, prefix);
    if (s.step === 'training') return trainingQuestion(s.topic, s.audience, 0, prefix);
    if (s.step === 'financing') {
      const t = trainingOf(s.training);
      return t ? financingQuestion(t, prefix) : null;
    }
    return callbackQuestion(`${prefix}Voulez-vous qu’un conseiller ou une conseillère vous rappelle ?`);
  }

  const startTopic = (key: string) => {
    if (key === 'rappel') {
      state = { ...state, topic: null, step: null };
      askCallback();
    } else if (key === 'temoignages') {
      state = { ...state, topic: null, step: null };
      replies.push(...testimonials());
    } else if (key === 'formations' || key === 'tarifs-financement') {
      state = { ...state, topic: key, step: 'situation', audience: null, training: null };
      replies.push(situationQuestion(key));
    }
  };

  const answer = (id: string) => {
    const [topic, kind, value = ''] = id.split('/') as [string, string, string | undefined];
    if (topic === 'rappel') {
      state = { ...state, topic: null, step: null };
      if (kind === 'oui') askCallback();
      else replies.push({ type: 'text', text: `Très bien. Le guide et les pages des formations restent à votre disposition sur ${url('/')}. ${MENU_HINT}` });
      return;
    }
    if (topic !== 'formations' && topic !== 'tarifs-financement') return;
    if (kind === 'sit' && audienceOf(value)) {
      state = { ...state, topic, step: 'training', audience: value, training: null };
      replies.push(trainingQuestion(topic, value));
    } else if (kind === 'page' && /^\d{1,2}$/.test(value)) {
      state = { ...state, topic, step: 'training' };
      replies.push(trainingQuestion(topic, state.audience, Number(value)));
    } else if (kind === 'fo' && (value === '-' || trainingOf(value))) {
      const training = trainingOf(value);
      state = { ...state, topic, training: training?.slug ?? null };
      if (topic === 'formations') {
        state.step = 'callback';
        replies.push({ type: 'document', link: url(guidePaths.pdf), filename: guidePaths.pdf.split('/').pop()!, caption: `Votre guide gratuit : « ${GUIDE_TITLE} ».` });
        replies.push({
          type: 'text',
          text: training
            ? `La formation « ${training.title} » : programme, durée, prix et financements sur ${url(`/formations/${training.slug}/`)}`
            : `Toutes nos formations, avec leur programme, leur durée et leur prix : ${url('/formations/')}`,
        });
        replies.push(callbackQuestion('Voulez-vous qu’un conseiller ou une conseillère vous rappelle pour en parler et convenir d’un rendez-vous ?'));
      } else if (training) {
        state.step = 'financing';
        replies.push(financingQuestion(training));
      } else {
        state.step = 'callback';
        replies.push(...quote(null, state.audience, null));
      }
    } else if (kind === 'fin' && topic === 'tarifs-financement') {
      state = { ...state, topic, step: 'callback' };
      replies.push(...quote(trainingOf(state.training), state.audience, value));
    } else {
      misunderstood();
    }
  };

  const misunderstood = () => {
    const again = question(state, 'Je n’ai pas compris votre réponse. ');
    if (again) replies.push(again);
    else {
      replies.push({ type: 'text', text: 'Je n’ai pas compris votre message. Choisissez un sujet dans la liste, ou demandez un rappel : une personne de l’équipe vous appellera.' });
      replies.push(welcome());
    }
  };

  // --- the turn ------------------------------------------------------------------------------------
  const intent = understand(input.content);
  if (intent.type === 'none') return { replies, state, callback };
  const greet = first || intent.type === 'menu';
  if (greet) {
    if (intent.type === 'menu' && intent.note) replies.push({ type: 'text', text: intent.note });
    replies.push(welcome());
    state = { ...state, topic: null, step: null, audience: null, training: null };
  }
  // Outside business hours: the absence message, once per closed period.
  if (!isBusinessTime(now, hours)) {
    const reopens = nextOpening(now, hours).toISOString();
    if (state.absenceFor !== reopens && (greet || replies.length === 0)) {
      replies.push(absence());
      state = { ...state, absenceFor: reopens };
    }
  }
  if (intent.type === 'topic') startTopic(intent.key);
  else if (intent.type === 'answer') answer(intent.id);
  else if (intent.type === 'unknown' && !first) misunderstood();

  return {
    replies: replies.map(typeset),
    state,
    callback,
  };
}

/** « Le garage… » → « le garage… » after a colon; an acronym (OPCO…) stays as it is. */
const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** « Compte personnel de formation (CPF) » → « CPF »; others cut after a whole word. */
function financingTitle(label: string): string {
  if ([...label].length <= 24) return label;
  const acronym = /\(([^)]{2,24})\)/.exec(label)?.[1];
  return acronym ?? shortLabel(label);
}

/** French typography on what the person reads (narrow no-break spaces, apostrophes). */
function typeset(m: Outgoing): Outgoing {
  const t = frenchText;
  switch (m.type) {
    case 'text':
      return { ...m, text: t(m.text) };
    case 'document':
      return { ...m, caption: t(m.caption) };
    case 'list':
      return { ...m, body: t(m.body), sections: m.sections.map((s) => ({ title: t(s.title), rows: s.rows.map((r) => ({ ...r, title: t(r.title), ...(r.description ? { description: t(r.description) } : {}) })) })) };
    case 'buttons':
      return { ...m, body: t(m.body), buttons: m.buttons.map((b) => ({ ...b, title: t(b.title) })) };
  }
}
