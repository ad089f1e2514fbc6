// The console's pages as functions of their data (no query here): the routes fetch, these render.
import { html, raw, consolePage, csrfField, facts, table, when, day, euros, phone, type Html, type Viewer } from './layout';
import { callbackWithinHours, type Marketing } from '../marketing/config';
import { ROLE_LABELS, ROLES, type Role } from './auth';
import { PAGE_SIZE, type LeadFilters } from './store';
import { FIELD_LABELS, SITUATION_LABELS, preferredTimeText, type Situation } from '../marketing/lead-forms';
import { parseTouch, touchMedium, touchOf, touchSource, type Touch } from '../marketing/attribution';

type Row = Record<string, unknown>;

export interface PageContext {
  stylesheet: string | null;
  viewer: Viewer;
  marketing: Marketing;
  trainingTitles: Record<string, string>;
  notice?: { kind: 'ok' | 'error'; text: string } | null;
}

const KIND_LABELS: Record<string, string> = {
  guide: 'Guide gratuit',
  info: 'Demande d’information',
  callback: 'Demande de rappel',
  webinar: 'Inscription webinaire',
  newsletter: 'Lettre d’information',
  'garage-quote': 'Devis garage',
  enrolment: 'Demande d’inscription',
  profile: 'Compléments de profil',
  partner: 'Candidature de partenaire',
  whatsapp: 'Demande de rappel (WhatsApp)',
};
const STATUS_LABELS: Record<string, string> = {
  pending: 'programmé',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  cancelled: 'annulé',
  skipped: 'non envoyé (segment)',
  failed: 'échec',
  open: 'à faire',
  overdue: 'en retard',
  done: 'fait',
  registered: 'inscrit',
  waitlisted: 'liste d’attente',
  attended: 'présent',
  absent: 'absent',
  active: 'active',
  // WhatsApp messages (src/automation/whatsapp.ts).
  received: 'reçu',
  late: 'reçu en retard (sans réponse)',
  queued: 'en attente d’envoi',
  accepted: 'accepté par WhatsApp',
  delivered: 'distribué',
  read: 'lu',
  'window-closed': 'non envoyé (fenêtre de 24 h fermée)',
};
const label = (map: Record<string, string>, key: unknown) => (typeof key === 'string' && Object.hasOwn(map, key) ? map[key]! : String(key ?? '—'));
const temperatureLabel = (m: Marketing, key: unknown) => m.leadScoring.thresholds.find((t) => t.key === key)?.label ?? String(key ?? '—');
const segmentLabel = (m: Marketing, key: unknown) => (key ? (m.segments.find((s) => s.key === key)?.label ?? String(key)) : 'aucun');
/** A JSON column of string fields (an attribution, what a request said); {} when absent or unreadable. */
export const storedFields = (raw: unknown): Record<string, string> => {
  try {
    return raw ? (JSON.parse(String(raw)) as Record<string, string>) : {};
  } catch {
    return {};
  }
};
const attribution = storedFields;
export const sourceOf = (a: Record<string, string>) => a.utm_source ?? (a.gclid || a.gbraid || a.wbraid ? 'google (clic Google Ads)' : a.referrer ? `${safeHost(a.referrer)} (lien)` : '(direct)');

/** One touch of a lead (src/marketing/attribution.ts), as the team reads it. */
function touchFacts(t: Touch) {
  const click = t.gclid ? `gclid ${t.gclid}` : t.gbraid ? `gbraid ${t.gbraid}` : t.wbraid ? `wbraid ${t.wbraid}` : null;
  return facts([
    ['Date', when(t.at)], ['Source', touchSource(t)], ['Support', touchMedium(t)], ['Campagne', t.utm_campaign], ['Mot-clé (utm_term)', t.utm_term], ['Contenu (utm_content)', t.utm_content],
    ['Clic Google Ads', click], ['Site d’origine', t.referrer], ['Page d’arrivée sur le site', t.entryPage ?? t.landingPage], ['Page du formulaire', t.landingPage],
  ]);
}
const safeHost = (u: string) => {
  try {
    return new URL(u).hostname;
  } catch {
    return u.slice(0, 40);
  }
};

const page = (ctx: PageContext, title: string, current: string, body: Html) =>
  consolePage({ title, stylesheet: ctx.stylesheet, viewer: ctx.viewer, current, body, notice: ctx.notice });

const field = (name: string, text: string, control: Html) => html`<div class="min-w-40"><label for="f-${name}" class="block text-sm font-bold">${text}</label>${control}</div>`;
const input = (name: string, value: unknown, attrs = '') => html`<input id="f-${name}" name="${name}" value="${value == null ? '' : String(value)}" ${raw(attrs)} class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2">`;
const select = (name: string, value: unknown, options: [string, string][], empty = 'Tous') =>
  html`<select id="f-${name}" name="${name}" class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2"><option value="">${empty}</option>${options.map(([v, l]) => html`<option value="${v}" ${v === value ? raw('selected') : ''}>${l}</option>`)}</select>`;
const button = (text: string, kind: 'primary' | 'secondary' | 'danger' = 'primary') =>
  html`<button type="submit" class="${kind === 'primary' ? 'btn-primary' : kind === 'danger' ? 'btn border-2 border-[#a3122a] bg-white text-[#a3122a]' : 'btn-secondary'}">${text}</button>`;

// ---------------------------------------------------------------------------------------------

export function loginPage(options: { stylesheet: string | null; token: string; retour: string; notice?: { kind: 'ok' | 'error'; text: string } | null }) {
  const body = html`<h1 class="text-3xl">Connexion à la console</h1>
  <p class="mt-2 max-w-2xl">Réservée à l’équipe de MécaFormation. Un compte est créé par l’administration (<code>npm run admin -- create-user</code>).</p>
  <form method="post" action="/admin/connexion" class="mt-6 grid max-w-md gap-4">
    <input type="hidden" name="csrf" value="${options.token}"><input type="hidden" name="retour" value="${options.retour}">
    <div><label for="email" class="block font-bold">Adresse e-mail</label><input id="email" name="email" type="email" autocomplete="username" required class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2"></div>
    <div><label for="password" class="block font-bold">Mot de passe</label><input id="password" name="password" type="password" autocomplete="current-password" required class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2"></div>
    <div>${button('Se connecter')}</div>
  </form>`;
  return consolePage({ title: 'Connexion', stylesheet: options.stylesheet, viewer: null, body, notice: options.notice });
}

export function refusalPage(stylesheet: string | null, viewer: Viewer | null, title: string, message: string) {
  return consolePage({ title, stylesheet, viewer, body: html`<h1 class="text-3xl">${title}</h1><p class="mt-3">${message}</p><p class="mt-3"><a href="/admin/">Retour au tableau de bord</a></p>` });
}

// ---------------------------------------------------------------------------------------------

export function leadsPage(ctx: PageContext, filters: LeadFilters, result: { rows: Row[]; total: number }, values: { sources: string[]; campaigns: string[] }) {
  const m = ctx.marketing;
  const qs = (extra: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: filters.q, temperature: filters.temperature, segment: filters.segment, formation: filters.training, source: filters.source, campagne: filters.campaign, du: filters.from?.slice(0, 10), au: filters.to?.slice(0, 10), tri: filters.sort, ...extra })) if (v) p.set(k, String(v));
    return p.toString();
  };
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const current = filters.page ?? 1;
  const body = html`<h1 class="text-3xl">Leads</h1>
  <form method="get" action="/admin/leads" class="mt-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filtrer les leads">
    ${field('q', 'Recherche (nom, e-mail, téléphone)', input('q', filters.q, 'type="search"'))}
    ${field('temperature', 'Température', select('temperature', filters.temperature, m.leadScoring.thresholds.map((t) => [t.key, t.label])))}
    ${field('segment', 'Segment', select('segment', filters.segment, [...m.segments.map((s) => [s.key, s.label] as [string, string]), ['(aucun)', 'Aucun segment']]))}
    ${field('formation', 'Formation', select('formation', filters.training, Object.entries(ctx.trainingTitles)))}
    ${field('source', 'Source', select('source', filters.source, values.sources.map((s) => [s, s])))}
    ${field('campagne', 'Campagne', select('campagne', filters.campaign, values.campaigns.map((s) => [s, s]), 'Toutes'))}
    ${field('du', 'Depuis le', input('du', filters.from?.slice(0, 10), 'type="date"'))}
    ${field('au', 'Jusqu’au', input('au', filters.to?.slice(0, 10), 'type="date"'))}
    ${field('tri', 'Trier par', select('tri', filters.sort, [['recent', 'Plus récents'], ['score', 'Score'], ['updated', 'Dernière activité'], ['name', 'Nom']], 'Plus récents'))}
    <div class="flex gap-2">${button('Filtrer')}<a class="btn-secondary" href="/admin/leads.csv?${qs({})}">Exporter en CSV</a></div>
  </form>
  <p class="mt-4" role="status">${result.total} lead${result.total > 1 ? 's' : ''}${pages > 1 ? ` · page ${current} sur ${pages}` : ''}</p>
  ${table(
    'Leads correspondant aux filtres',
    ['Lead', 'Demande', 'Score', 'Segment', 'Source', 'Campagne', 'Créé le'],
    result.rows.map((r) => {
      const a = attribution(r.first_attribution);
      return [
        html`<a href="/admin/leads/${String(r.id)}">${`${r.first_name} ${r.last_name ?? ''}`.trim()}</a><br><span class="text-sm text-ink-600">${String(r.email)}</span>`,
        label(KIND_LABELS, r.last_kind),
        html`${String(r.score)} <span class="text-sm">(${temperatureLabel(m, r.temperature)})</span>`,
        segmentLabel(m, r.segment),
        sourceOf(a),
        a.utm_campaign ?? '—',
        day(r.created_at),
      ];
    }),
    { empty: 'Aucun lead ne correspond à ces filtres.' },
  )}
  ${pages > 1
    ? html`<nav aria-label="Pages de résultats" class="mt-4 flex gap-2">${current > 1 ? html`<a class="btn-secondary" href="/admin/leads?${qs({ page: current - 1 })}">Page précédente</a>` : ''}${current < pages ? html`<a class="btn-secondary" href="/admin/leads?${qs({ page: current + 1 })}">Page suivante</a>` : ''}</nav>`
    : ''}`;
  return page(ctx, 'Leads', '/admin/leads', body);
}

export interface LeadFile {
  lead: Row;
  events: Row[];
  emails: Row[];
  engagement: Row[];
  tasks: Row[];
  consents: Row[];
  confirmations: Row[];
  webinars: Row[];
  enrolments: Row[];
  lists: Row[];
  whatsapp: { linked: Row[]; messages: Row[]; sameNumber: Row[] };
}

/** Who a callback is for: its lead, or the WhatsApp contact it came from (no lead). */
export function taskPerson(t: Row, said: Record<string, string> = {}) {
  if (t.lead_id) return { href: `/admin/leads/${String(t.lead_id)}`, name: `${said.firstName ?? t.first_name ?? ''} ${said.lastName ?? t.last_name ?? ''}`.trim() || String(t.email ?? 'Lead'), phone: said.phone ?? (t.phone as string | null) };
  return { href: `/admin/whatsapp/${String(t.whatsapp_id)}`, name: t.whatsapp_name ? `${String(t.whatsapp_name)} (WhatsApp)` : 'Contact WhatsApp', phone: `+${String(t.whatsapp_id)}` };
}

/** A conversation as a table: who said what, when, and what became of each reply. */
function conversationTable(caption: string, messages: Row[]) {
  return table(
    caption,
    ['Date', 'De', 'Message', 'État'],
    messages.map((x) => [
      when(x.created_at),
      x.direction === 'in' ? 'La personne' : 'Réponse automatique',
      String(x.summary),
      html`${label(STATUS_LABELS, x.status)}${x.error ? html`<br><span class="text-sm text-ink-600">${String(x.error)}</span>` : ''}`,
    ]),
    { empty: 'Aucun message.' },
  );
}

export function leadPage(ctx: PageContext, file: LeadFile, breakdown: { score: number; temperature: string; segment: string | null; matched: { key: string; points: number; label: string; times: number; unit: number }[] } | null) {
  const m = ctx.marketing;
  const l = file.lead;
  // The touches kept on the lead; a lead stored before them: its first event's attribution.
  const firstTouch = parseTouch(l.first_touch) ?? (file.events[0] ? touchOf(attribution(file.events[0].attribution), String(file.events[0].created_at)) : null);
  const lastTouch = parseTouch(l.last_touch);
  const timeline = [
    ...file.events.map((e) => ({ at: String(e.created_at), what: `Formulaire : ${label(KIND_LABELS, e.kind)}${e.training ? ` (${ctx.trainingTitles[String(e.training)] ?? e.training})` : ''}${Number(e.trusted) === 0 ? ' — non confirmé par le titulaire de l’adresse' : ''}`, detail: e.message ? `Message : ${e.message}` : '' })),
    ...file.emails.map((j) => ({ at: String(j.sent_at ?? j.due_at), what: `E-mail ${j.template} : ${label(STATUS_LABELS, j.status)}${j.outcome ? ` (${j.outcome})` : ''}`, detail: j.subject ? `Objet : ${j.subject}` : '' })),
    ...file.engagement.map((e) => ({ at: String(e.created_at), what: `Engagement : ${e.type}${e.path ? ` ${e.path}` : ''}`, detail: '' })),
    ...file.tasks.map((t) => ({ at: String(t.created_at), what: `Rappel à faire avant le ${when(t.due_at)} : ${label(STATUS_LABELS, t.status)}`, detail: t.note ? `Note : ${t.note}` : '' })),
    ...file.enrolments.map((e) => ({ at: String(e.created_at), what: `Inscription enregistrée : ${euros(Number(e.amount_eur))} le ${day(e.enrolled_on)} (${label(STATUS_LABELS, e.status)})`, detail: e.partner_code ? `Code de parrainage : ${e.partner_code}` : '' })),
    ...file.webinars.map((w) => ({ at: String(w.created_at), what: `Webinaire ${w.webinar} : ${label(STATUS_LABELS, w.status)}`, detail: '' })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const isAdmin = ctx.viewer.role === 'admin';
  const body = html`<p><a href="/admin/leads">← Tous les leads</a></p>
  <h1 class="mt-2 text-3xl">${`${l.first_name} ${l.last_name ?? ''}`.trim()}</h1>
  <div class="mt-6 grid gap-8 lg:grid-cols-2">
    <section aria-labelledby="profil"><h2 id="profil" class="text-2xl">Profil</h2>
      ${facts([
        ['E-mail', l.email], ['Téléphone', l.phone ? phone(l.phone) : null], ['Situation', l.situation ? label(SITUATION_LABELS, l.situation as Situation) : null], ['Âge', l.age_bracket], ['Région', l.region],
        ['Garage', l.company ? `${l.company} (${l.company_size ?? '?'} personnes)` : null], ['Segment', segmentLabel(m, l.segment)],
        ['Code de parrainage', l.referral_code ? `${l.referral_code} (depuis le ${when(l.referral_at)})` : null],
        ['Première source', touchSource(firstTouch)], ['Dernière source non directe', lastTouch ? touchSource(lastTouch) : 'aucune'],
        ['Créé le', when(l.created_at)], ['Mis à jour le', when(l.updated_at)],
      ])}
    </section>
    <section aria-labelledby="score"><h2 id="score" class="text-2xl">Score : ${String(breakdown?.score ?? l.score)} (${temperatureLabel(m, breakdown?.temperature ?? l.temperature)})</h2>
      ${breakdown
        ? table('Règles qui donnent des points', ['Règle (lead-scoring.yaml)', 'Fois', 'Points'], breakdown.matched.map((x) => [x.label, String(x.times), `${x.points > 0 ? '+' : ''}${x.points}`]), { empty: 'Aucune règle ne donne de points.' })
        : ''}
    </section>
  </div>
  <section class="mt-8" aria-labelledby="provenance"><h2 id="provenance" class="text-2xl">Provenance</h2>
    <p class="mt-2 max-w-3xl">Le premier contact est celui de la première demande, direct ou non ; le dernier contact non direct, celui de la dernière demande venue d’une campagne, d’une annonce Google Ads ou d’un autre site. Les deux figurent dans les exports.</p>
    <div class="mt-4 grid gap-8 lg:grid-cols-2">
      <div><h3 class="text-xl">Premier contact</h3>${firstTouch ? touchFacts(firstTouch) : html`<p class="mt-2">Aucune demande enregistrée.</p>`}</div>
      <div><h3 class="text-xl">Dernier contact non direct</h3>${lastTouch ? touchFacts(lastTouch) : html`<p class="mt-2">Aucun : toutes les demandes sont venues directement sur le site.</p>`}</div>
    </div>
  </section>
  <section class="mt-8" aria-labelledby="consentements"><h2 id="consentements" class="text-2xl">Consentements et preuves</h2>
    ${facts([['E-mails de conseils et d’offres', Number(l.consent_marketing) ? 'accepté' : 'non'], ['Mesure des ouvertures et visites', Number(l.consent_tracking) ? 'accepté' : 'non'], ['Listes', file.lists.map((x) => `${x.list} (${label(STATUS_LABELS, x.status)})`).join(', ') || 'aucune']])}
    ${table('Preuves de consentement', ['Date', 'Finalité', 'Choix', 'Preuve', 'Formulaire', 'Page', 'Texte (version)'], file.consents.map((c) => [when(c.created_at), String(c.purpose), Number(c.granted) ? 'accepté' : 'refusé', String(c.proof ?? '—'), String(c.form), String(c.page ?? '—'), `${c.text} (${c.text_version})`]), { empty: 'Aucune preuve enregistrée.' })}
  </section>
  <section class="mt-8" aria-labelledby="historique"><h2 id="historique" class="text-2xl">Historique</h2>
    ${table('Événements, e-mails et rappels, du plus récent au plus ancien', ['Date', 'Événement', 'Détail'], timeline.map((t) => [when(t.at), t.what, t.detail || '—']))}
  </section>
  <section class="mt-8" aria-labelledby="whatsapp"><h2 id="whatsapp" class="text-2xl">WhatsApp</h2>
    ${file.whatsapp.linked.length
      ? html`${file.whatsapp.linked.map((w) => html`<p class="mt-2">Conversation avec le <a href="/admin/whatsapp/${String(w.wa_id)}">${phone(`+${String(w.wa_id)}`)}</a>${w.profile_name ? ` (profil « ${String(w.profile_name)} »)` : ''}, rattachée par l’équipe.</p>`)}
          ${conversationTable('Messages WhatsApp, du plus ancien au plus récent', file.whatsapp.messages)}`
      : html`<p class="mt-2">Aucune conversation WhatsApp rattachée à ce lead.</p>`}
    ${file.whatsapp.sameNumber.map(
      (w) => html`<p class="mt-2 rounded-lg bg-amber-100 p-3">Une conversation WhatsApp vient du numéro de ce lead : <a href="/admin/whatsapp/${String(w.wa_id)}">la voir</a>. Le téléphone d’un formulaire n’est pas vérifié : rattachez-la depuis sa page après avoir vérifié que c’est la même personne.</p>`,
    )}
  </section>
  <section class="mt-8" aria-labelledby="actions"><h2 id="actions" class="text-2xl">Actions</h2>
    <div class="mt-3 flex flex-wrap gap-6">
      <form method="post" action="/admin/inscriptions" class="flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}<input type="hidden" name="lead" value="${String(l.id)}">
        ${field('training', 'Formation', select('training', file.events.find((e) => e.training)?.training, Object.entries(ctx.trainingTitles), 'Choisir…'))}
        ${field('amount', 'Montant (€)', input('amount', '', 'inputmode="numeric" required'))}
        ${field('date', 'Date d’inscription', input('date', new Date().toISOString().slice(0, 10), 'type="date" required'))}
        ${referralFields(l.referral_code ? `vide : ${String(l.referral_code)}, le code du lead` : 'vide : aucun code')}
        ${button('Enregistrer une inscription', 'secondary')}</form>
      <form method="post" action="/admin/leads/${String(l.id)}/export">${csrfField(ctx.viewer)}${button('Exporter ses données (RGPD, JSON)', 'secondary')}</form>
      ${isAdmin
        ? html`<form method="post" action="/admin/leads/${String(l.id)}/effacer" class="flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
            ${field('confirmer', 'Tapez EFFACER pour confirmer', input('confirmer', '', 'required autocomplete="off"'))}${button('Effacer définitivement (RGPD)', 'danger')}</form>`
        : html`<p class="text-ink-600">L’effacement (RGPD) est réservé à l’administration.</p>`}
    </div>
  </section>`;
  return page(ctx, `${l.first_name} ${l.last_name ?? ''}`.trim(), '/admin/leads', body);
}

/** The enrolment forms' referral fields: a code told to an adviser, or none at all. */
const referralFields = (hint: string) =>
  html`${field('parrainage', `Code de parrainage (${hint})`, input('parrainage', '', 'autocomplete="off" maxlength="20"'))}
  <div class="flex min-h-11 items-center gap-2"><input id="f-sans_parrainage" name="sans_parrainage" type="checkbox" value="1" class="size-5"><label for="f-sans_parrainage">Sans parrainage</label></div>`;

// ---------------------------------------------------------------------------------------------

export function tasksPage(ctx: PageContext, tasks: Row[]) {
  const within = (trigger: 'info-request' | 'partner-application') => callbackWithinHours(ctx.marketing.sequences.workflows, trigger);
  const body = html`<h1 class="text-3xl">Rappels à faire</h1>
  <p class="mt-2">Chaque demande de rappel, d’information ou de devis crée un rappel dû ${within('info-request') ?? 24} heures ouvrées plus tard. Appelez au numéro donné dans la demande.</p>
  ${within('partner-application') !== null ? html`<p class="mt-2">Chaque candidature de partenaire crée une réponse due ${within('partner-application')} heures ouvrées plus tard : la convention, par e-mail. Le partenaire s’ajoute ensuite depuis la page <a href="/admin/partenaires">Partenaires</a>, qui marque la réponse comme faite.</p>` : ''}
  ${table(
    'Rappels, en retard d’abord',
    ['État', 'À rappeler avant', 'Personne', 'Téléphone de la demande', FIELD_LABELS.preferredTime, 'Demande', 'Fait'],
    tasks.map((t) => {
      const said = attribution(t.submitted);
      const who = taskPerson(t, said);
      return [
        html`<strong>${label(STATUS_LABELS, t.status)}</strong>`,
        when(t.due_at),
        html`<a href="${who.href}">${who.name}</a>`,
        phone(who.phone),
        // Asked by the callback form only (« Dès que possible » when no slot was chosen).
        t.event_kind === 'callback' ? preferredTimeText(said.preferredTime) : '—',
        label(KIND_LABELS, typeof t.event_kind === 'string' ? t.event_kind : t.request === 'info-request' ? 'callback' : t.request),
        t.status === 'done'
          ? `${when(t.done_at)}${t.done_by ? ` par ${t.done_by}` : ''}${t.note ? ` : ${t.note}` : ''}`
          : html`<form method="post" action="/admin/taches/${String(t.id)}" class="flex flex-wrap items-end gap-2">${csrfField(ctx.viewer)}
              <div><label for="note-${String(t.id)}" class="block text-sm font-bold">Note d’appel</label><input id="note-${String(t.id)}" name="note" maxlength="500" class="mt-1 block min-h-11 rounded-md border border-navy-700 px-2"></div>${button('Marquer fait', 'secondary')}</form>`,
      ];
    }),
    { empty: 'Aucun rappel.' },
  )}`;
  return page(ctx, 'Rappels', '/admin/taches', body);
}

const count = (n: unknown, one: string, many: string) => `${Number(n)} ${Number(n) > 1 ? many : one}`;

export function whatsappListPage(ctx: PageContext, rows: Row[]) {
  const body = html`<h1 class="text-3xl">Conversations WhatsApp</h1>
  <p class="mt-2 max-w-3xl">Les personnes qui écrivent au numéro WhatsApp de l’école, avec les réponses automatiques et leur état (distribuée, lue, non envoyée). Une personne n’est connue que par son numéro : rattachez sa conversation à un lead depuis sa page quand vous savez que c’est la même personne.</p>
  ${table(
    'Conversations, la plus récente d’abord',
    ['Numéro', 'Profil', 'Lead', 'Dernier message', 'Messages', 'Rappel', 'Dernier message le'],
    rows.map((r) => [
      html`<a href="/admin/whatsapp/${String(r.wa_id)}">${phone(`+${String(r.wa_id)}`)}</a>`,
      String(r.profile_name ?? '—'),
      r.lead_id ? html`<a href="/admin/leads/${String(r.lead_id)}">${`${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() || String(r.email)}</a>` : 'aucun',
      String(r.last_message ?? '—'),
      `${count(r.received, 'reçu', 'reçus')}, ${count(r.replies, 'réponse', 'réponses')}${Number(r.undelivered) ? ` (${count(r.undelivered, 'non distribuée', 'non distribuées')})` : ''}`,
      Number(r.open_tasks) ? 'à faire' : '—',
      when(r.last_inbound_at),
    ]),
    { empty: 'Aucune conversation WhatsApp pour l’instant.' },
  )}`;
  return page(ctx, 'WhatsApp', '/admin/whatsapp', body);
}

export function whatsappPage(ctx: PageContext, file: { contact: Row; lead: Row | null; messages: Row[]; statuses: Row[]; tasks: Row[] }) {
  const c = file.contact;
  const number = phone(`+${String(c.wa_id)}`);
  const isAdmin = ctx.viewer.role === 'admin';
  const windowEnd = c.last_inbound_at ? new Date(new Date(String(c.last_inbound_at)).getTime() + 24 * 3_600_000) : null;
  const body = html`<p><a href="/admin/whatsapp">← Toutes les conversations</a></p>
  <h1 class="mt-2 text-3xl">WhatsApp : ${number}</h1>
  ${facts([
    ['Profil WhatsApp', c.profile_name],
    ['Lead rattaché', file.lead ? `${file.lead.first_name} ${file.lead.last_name ?? ''} (${file.lead.email})`.trim() : 'aucun (à rattacher après vérification)'],
    ['Premier message le', when(c.created_at)],
    ['Dernier message le', when(c.last_inbound_at)],
    ['Fenêtre de réponse de 24 h', windowEnd ? `${windowEnd.getTime() > Date.now() ? 'ouverte' : 'fermée'} (jusqu’au ${when(windowEnd.toISOString())})` : '—'],
  ])}
  ${file.lead ? html`<p class="mt-2"><a href="/admin/leads/${String(file.lead.id)}">Fiche du lead</a></p>` : ''}
  <section class="mt-8" aria-labelledby="messages"><h2 id="messages" class="text-2xl">Messages</h2>
    ${conversationTable('Messages, du plus ancien au plus récent', file.messages)}
  </section>
  <section class="mt-8" aria-labelledby="rappels"><h2 id="rappels" class="text-2xl">Rappels demandés</h2>
    ${table('Rappels', ['Demandé le', 'À rappeler avant', 'État'], file.tasks.map((t) => [when(t.created_at), when(t.due_at), label(STATUS_LABELS, t.status)]), { empty: 'Aucun rappel demandé.' })}
  </section>
  <section class="mt-8" aria-labelledby="actions"><h2 id="actions" class="text-2xl">Actions</h2>
    <div class="mt-3 flex flex-wrap gap-6">
      ${file.lead
        ? html`<form method="post" action="/admin/whatsapp/${String(c.wa_id)}/rattacher">${csrfField(ctx.viewer)}<input type="hidden" name="email" value="">${button('Détacher du lead', 'secondary')}</form>`
        : html`<form method="post" action="/admin/whatsapp/${String(c.wa_id)}/rattacher" class="flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
            ${field('email', 'E-mail du lead (même personne, vérifié)', input('email', '', 'type="email" required'))}${button('Rattacher au lead', 'secondary')}</form>`}
      <form method="post" action="/admin/whatsapp/${String(c.wa_id)}/export">${csrfField(ctx.viewer)}${button('Exporter la conversation (RGPD, JSON)', 'secondary')}</form>
      ${isAdmin
        ? html`<form method="post" action="/admin/whatsapp/${String(c.wa_id)}/effacer" class="flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
            ${field('confirmer', 'Tapez EFFACER pour confirmer', input('confirmer', '', 'required autocomplete="off"'))}${button('Effacer définitivement (RGPD)', 'danger')}</form>`
        : html`<p class="text-ink-600">L’effacement (RGPD) est réservé à l’administration.</p>`}
    </div>
  </section>`;
  return page(ctx, `WhatsApp ${number}`, '/admin/whatsapp', body);
}

export function enrolmentsPage(ctx: PageContext, rows: Row[], period: { label: string }) {
  const total = rows.filter((r) => r.status === 'active').reduce((n, r) => n + Number(r.amount_eur), 0);
  const body = html`<h1 class="text-3xl">Inscriptions</h1>
  <p class="mt-2">Une inscription se saisit depuis la fiche du lead (bouton « Enregistrer une inscription ») ou ci-dessous avec son adresse e-mail. Le montant est celui du contrat signé.</p>
  <form method="post" action="/admin/inscriptions" class="mt-4 flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
    ${field('email', 'E-mail du lead', input('email', '', 'type="email" required'))}
    ${field('training', 'Formation', select('training', '', Object.entries(ctx.trainingTitles), 'Choisir…'))}
    ${field('amount', 'Montant (€)', input('amount', '', 'inputmode="numeric" required'))}
    ${field('date', 'Date d’inscription', input('date', new Date().toISOString().slice(0, 10), 'type="date" required'))}
    ${referralFields('vide : le code du lead, s’il en a un')}
    ${button('Enregistrer')}
  </form>
  <h2 class="mt-8 text-2xl">${period.label} : ${euros(total)} (inscriptions actives)</h2>
  ${table(
    'Inscriptions de la période',
    ['Date', 'Personne', 'Formation', 'Montant', 'Parrainage', 'État', ''],
    rows.map((r) => [
      day(r.enrolled_on),
      r.lead_id ? html`<a href="/admin/leads/${String(r.lead_id)}">${`${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() || String(r.email)}</a>` : '(personne effacée)',
      r.training ? (ctx.trainingTitles[String(r.training)] ?? String(r.training)) : '—',
      euros(Number(r.amount_eur)),
      r.partner_code ? String(r.partner_code) : '—',
      r.status === 'cancelled' ? `annulée le ${day(r.cancelled_on)}` : label(STATUS_LABELS, 'active'),
      r.status === 'active'
        ? html`<form method="post" action="/admin/inscriptions/${String(r.id)}/annuler" class="flex flex-wrap items-end gap-2">${csrfField(ctx.viewer)}
            <div><label for="annul-${String(r.id)}" class="block text-sm font-bold">Annulée le</label><input id="annul-${String(r.id)}" name="date" type="date" value="${new Date().toISOString().slice(0, 10)}" class="mt-1 block min-h-11 rounded-md border border-navy-700 px-2"></div>${button('Annuler', 'secondary')}</form>`
        : '',
    ]),
    { empty: 'Aucune inscription sur la période.' },
  )}`;
  return page(ctx, 'Inscriptions', '/admin/inscriptions', body);
}

export function webinarsPage(ctx: PageContext, webinars: { slug: string; title: string; startsAt: string; capacity: number; rows: Row[] }[]) {
  const body = html`<h1 class="text-3xl">Webinaires : inscriptions et présence</h1>
  ${webinars.map(
    (w) => html`<section class="mt-8" aria-labelledby="w-${w.slug}"><h2 id="w-${w.slug}" class="text-2xl">${w.title}</h2>
      <p>${when(w.startsAt)} · ${w.rows.filter((r) => ['registered', 'attended', 'absent'].includes(String(r.status))).length} / ${w.capacity} places · ${w.rows.filter((r) => r.status === 'waitlisted').length} en liste d’attente</p>
      ${table(
        `Inscrits à ${w.title}`,
        ['Personne', 'E-mail', 'État', 'Présence'],
        w.rows.map((r) => [
          `${r.first_name} ${r.last_name ?? ''}`.trim(),
          String(r.email),
          label(STATUS_LABELS, r.status),
          ['registered', 'attended', 'absent'].includes(String(r.status))
            ? html`<form method="post" action="/admin/webinaires/presence" class="flex gap-2">${csrfField(ctx.viewer)}<input type="hidden" name="webinar" value="${w.slug}"><input type="hidden" name="lead" value="${String(r.lead_id)}">
                <button type="submit" name="presence" value="present" class="btn-secondary">Présent</button><button type="submit" name="presence" value="absent" class="btn-secondary">Absent</button></form>`
            : '—',
        ]),
        { empty: 'Aucune inscription.' },
      )}</section>`,
  )}`;
  return page(ctx, 'Webinaires', '/admin/webinaires', body);
}

export function usersPage(ctx: PageContext, users: { id: string; email: string; role: Role; disabledAt: string | null; lastLoginAt: string | null }[]) {
  const body = html`<h1 class="text-3xl">Comptes de l’équipe</h1>
  ${table(
    'Comptes',
    ['E-mail', 'Rôle', 'Dernière connexion', 'État', ''],
    users.map((u) => [
      u.email,
      ROLE_LABELS[u.role],
      when(u.lastLoginAt),
      u.disabledAt ? `désactivé le ${day(u.disabledAt)}` : 'actif',
      u.disabledAt || u.email === ctx.viewer.email ? '' : html`<form method="post" action="/admin/utilisateurs/${u.id}/desactiver">${csrfField(ctx.viewer)}${button('Désactiver', 'secondary')}</form>`,
    ]),
  )}
  <h2 class="mt-8 text-2xl">Créer un compte</h2>
  <form method="post" action="/admin/utilisateurs" class="mt-3 flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
    ${field('email', 'E-mail', input('email', '', 'type="email" required'))}
    ${field('role', 'Rôle', select('role', 'sales', ROLES.map((r) => [r, ROLE_LABELS[r]]), 'Choisir…'))}
    ${field('password', 'Mot de passe provisoire (12 caractères au moins)', input('password', '', 'type="password" autocomplete="new-password" required minlength="12"'))}
    ${button('Créer le compte')}
  </form>`;
  return page(ctx, 'Comptes', '/admin/utilisateurs', body);
}

export function journalPage(ctx: PageContext, rows: Row[]) {
  const body = html`<h1 class="text-3xl">Journal des actions</h1>
  ${table('Dernières actions, de la plus récente', ['Date', 'Qui', 'Action', 'Cible', 'Détail', 'Résultat', 'Adresse'], rows.map((r) => [when(r.at), String(r.user_email ?? '—'), String(r.action), String(r.target ?? '—'), String(r.detail ?? '—'), r.outcome === 'ok' ? 'fait' : 'refusé', String(r.ip ?? '—')]))}`;
  return page(ctx, 'Journal', '/admin/journal', body);
}

export { KIND_LABELS, STATUS_LABELS, FIELD_LABELS };
