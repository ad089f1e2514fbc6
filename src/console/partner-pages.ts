// The console's « Partenaires » pages: the list and the add form, one partner's statement for a
// year or a month (lines, totals, bonus, free places, perk; CSV), its link and private page.
import { html, consolePage, csrfField, facts, table, day, phone, type Html } from './layout';
import { storedFields, type PageContext } from './pages';
import type { PartnerRecord } from '../partners/store';
import { formatCents, LINE_STATUS_LABELS, programmeRules, type Statement } from '../marketing/commissions';
import type { AffiliateProgram } from '../marketing/config';
import type { ConsolePeriod } from './kpi-data';
type Row = Record<string, unknown>;

const page = (ctx: PageContext, title: string, body: Html) => consolePage({ title, stylesheet: ctx.stylesheet, viewer: ctx.viewer, current: '/admin/partenaires', body, notice: ctx.notice });
const label = (ctx: PageContext, key: string) => ctx.marketing.affiliates.find((a) => a.key === key)?.label ?? key;
const fieldClass = 'mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2';

/** What a partner application said (lead_events.submitted of the task's request). */
export const applicationOf = (t: Row) => storedFields(t.submitted);

/**
 * The partner applications sent from /parrainage/ whose answer is not done yet (tasks created by
 * the partner-reply workflow): who, which programme, what they said, by when to answer; once the
 * convention is accepted, one button creates the code with what the application said and marks
 * the answer done.
 */
function applicationsSection(ctx: PageContext, applications: Row[]) {
  return html`<h2 class="mt-8 text-2xl">Candidatures à traiter</h2>
  <p class="mt-2 max-w-3xl">Envoyez d’abord la convention du programme par e-mail. Une fois la convention acceptée, « Créer le code » ajoute le partenaire avec les coordonnées de sa candidature et marque la réponse comme faite.</p>
  ${table(
    'Candidatures de partenaires, les plus urgentes d’abord',
    ['Reçue le', 'Personne', 'Programme', 'Message', 'Répondre avant', 'Action'],
    applications.map((t) => {
      const said = applicationOf(t);
      const name = `${said.firstName ?? t.first_name ?? ''} ${said.lastName ?? t.last_name ?? ''}`.trim();
      const known = ctx.marketing.affiliates.some((a) => a.key === said.programme);
      return [
        day(String(t.event_at ?? t.created_at)),
        html`${name}<br><span class="text-sm text-ink-600">${String(t.email ?? '')}${said.phone ? html` · ${phone(said.phone)}` : ''}</span>${
          Number(t.event_trusted) === 0 ? html`<br><strong class="text-sm">Adresse déjà connue, non confirmée par son titulaire</strong> : le nom et le téléphone sont ceux saisis dans la candidature.` : ''
        }`,
        known ? label(ctx, said.programme!) : '(non précisé)',
        t.event_message ? String(t.event_message) : '—',
        html`${t.status === 'overdue' ? html`<strong>en retard</strong> : ` : ''}${day(String(t.due_at))}`,
        html`<form method="post" action="/admin/partenaires">${csrfField(ctx.viewer)}<input type="hidden" name="candidature" value="${String(t.id)}">
          <button type="submit" class="btn-secondary whitespace-nowrap" aria-label="Créer le code de ${name}">Créer le code</button></form>`,
      ];
    }),
    { empty: 'Aucune candidature en attente.' },
  )}`;
}

/** An unknown partner link's code, with the partner it was once given to (a disabled code), if any. */
export interface UnknownReferral {
  code: string;
  visits: number;
  lastDay: string;
  /** The partner this code belongs to now (disabled, or created since the visits), if any. */
  partner: { name: string; id: string; disabledAt: string | null } | null;
}

/** Partner links that led to no active code in the last 30 days: a partner's typo, an old link. */
function unknownSection(unknown: UnknownReferral[]) {
  return html`<h2 class="mt-8 text-2xl">Liens de parrainage sans code actif (30 derniers jours)</h2>
  <p class="mt-2 max-w-3xl">Des visiteurs sont arrivés par un lien <code>/parrainage/CODE/</code> ou <code>?ref=CODE</code> dont le code n’est celui d’aucun partenaire actif : leur demande part sans code. Un code proche de celui d’un partenaire trahit une faute de frappe dans le lien qu’il diffuse : prévenez-le. Visites comptées sans cookie ni donnée personnelle ; au-delà de 50 codes par jour, les autres sont regroupés.</p>
  ${table(
    'Codes inconnus ou désactivés, les plus visités d’abord',
    ['Code du lien', 'Visites', 'Dernière visite', 'Ce code'],
    unknown.map((u) => [
      html`<strong>${u.code}</strong>`,
      String(u.visits),
      day(u.lastDay),
      u.partner
        ? html`${u.partner.disabledAt ? `désactivé le ${day(u.partner.disabledAt)}` : 'actif aujourd’hui'} (<a href="/admin/partenaires/${u.partner.id}">${u.partner.name}</a>)`
        : u.code.startsWith('(') ? '—' : 'jamais attribué',
    ]),
    { empty: 'Aucun lien sans code actif ces 30 derniers jours.' },
  )}`;
}

export function partnersPage(ctx: PageContext, partners: (PartnerRecord & { enrolments: number; leads: number })[], year: string, applications: Row[] = [], unknown: UnknownReferral[] = []) {
  const body = html`<h1 class="text-3xl">Partenaires : parrainage et affiliation</h1>
  <p class="mt-2 max-w-3xl">Ambassadeurs anciens élèves, garages partenaires, influenceurs : chacun reçoit un code (8 caractères), un lien <code>/parrainage/CODE/</code> qui remplit le champ « Code de parrainage » de nos formulaires, et un lien privé vers son espace. Les commissions suivent affiliates.yaml, par année civile.</p>
  ${applicationsSection(ctx, applications)}
  <h2 class="mt-8 text-2xl">Ajouter un partenaire</h2>
  <form method="post" action="/admin/partenaires" class="mt-3 flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
    <div class="min-w-40"><label for="f-programme" class="block text-sm font-bold">Programme</label><select id="f-programme" name="programme" required class="${fieldClass}"><option value="">Choisir…</option>${ctx.marketing.affiliates.map((a) => html`<option value="${a.key}">${a.label}</option>`)}</select></div>
    <div class="min-w-40"><label for="f-name" class="block text-sm font-bold">Nom (personne ou garage)</label><input id="f-name" name="name" required maxlength="120" class="${fieldClass}"></div>
    <div class="min-w-40"><label for="f-email" class="block text-sm font-bold">E-mail</label><input id="f-email" name="email" type="email" required class="${fieldClass}"></div>
    <div class="min-w-40"><label for="f-phone" class="block text-sm font-bold">Téléphone (facultatif)</label><input id="f-phone" name="phone" type="tel" class="${fieldClass}"></div>
    <button type="submit" class="btn-primary">Créer le code</button>
  </form>
  <h2 class="mt-8 text-2xl">Les partenaires (inscriptions ${year})</h2>
  ${table(
    'Partenaires, les actifs d’abord',
    ['Code', 'Partenaire', 'Programme', 'Demandes avec le code', `Inscriptions ${year}`, 'État'],
    partners.map((p) => [
      html`<a href="/admin/partenaires/${p.id}"><strong>${p.code}</strong></a>`,
      html`${p.name}<br><span class="text-sm text-ink-600">${p.email}${p.phone ? ` · ${phone(p.phone)}` : ''}</span>`,
      label(ctx, p.programme),
      String(p.leads),
      String(p.enrolments),
      p.disabledAt ? `désactivé le ${day(p.disabledAt)}` : 'actif',
    ]),
    { empty: 'Aucun partenaire pour l’instant : ajoutez-en un ci-dessus, ou avec npm run partners -- add.' },
  )}
  ${unknownSection(unknown)}`;
  return page(ctx, 'Partenaires', body);
}

export function partnerPage(
  ctx: PageContext,
  options: { partner: PartnerRecord; programme: AffiliateProgram; statement: Statement; period: ConsolePeriod; link: string; spaceLink: string; csv: string },
) {
  const { partner: p, statement: s, period } = options;
  const isAdmin = ctx.viewer.role === 'admin';
  const titles = ctx.trainingTitles;
  const body = html`<p><a href="/admin/partenaires">← Tous les partenaires</a></p>
  <h1 class="mt-2 text-3xl">${p.name} · ${p.code}</h1>
  <div class="mt-4 grid gap-8 lg:grid-cols-2">
    <section aria-labelledby="fiche"><h2 id="fiche" class="text-2xl">Fiche</h2>
      ${facts([
        ['Programme', options.programme.label], ['Code', p.code], ['E-mail', p.email], ['Téléphone', p.phone ? phone(p.phone) : null],
        ['Créé le', `${day(p.createdAt)}${p.createdBy ? ` par ${p.createdBy}` : ''}`], ['État', p.disabledAt ? `désactivé le ${day(p.disabledAt)}${p.disabledBy ? ` par ${p.disabledBy}` : ''}` : 'actif'],
      ])}
    </section>
    <section aria-labelledby="liens"><h2 id="liens" class="text-2xl">Liens à lui transmettre</h2>
      ${facts([['Lien de parrainage', options.link], ['Son espace (lien privé)', options.spaceLink]])}
      <p class="mt-2 text-sm text-ink-600">L’espace montre ses parrainages (date, formation, montant, état) et ses gains, jamais le nom ni les coordonnées des personnes.</p>
    </section>
  </div>
  <section class="mt-8" aria-labelledby="releve"><h2 id="releve" class="text-2xl">Relevé ${period.label}</h2>
    <form method="get" action="/admin/partenaires/${p.id}" class="mt-3 flex flex-wrap items-end gap-3">
      <div><label for="f-annee" class="block text-sm font-bold">Année</label><input id="f-annee" name="annee" inputmode="numeric" value="${period.kind === 'year' ? period.key : ''}" class="${fieldClass}"></div>
      <div><label for="f-mois" class="block text-sm font-bold">ou mois (AAAA-MM)</label><input id="f-mois" name="mois" value="${period.kind === 'month' ? period.key : ''}" class="${fieldClass}"></div>
      <button type="submit" class="btn-secondary">Afficher</button>
      <a class="btn-secondary" href="${options.csv}">Télécharger le relevé (CSV)</a>
    </form>
    <div class="mt-4">${facts([
      ['Parrainages comptés', `${s.referrals}${s.reversed ? ` (${s.reversed} annulé${s.reversed > 1 ? 's' : ''} dans le délai)` : ''} · ${s.yearReferrals} sur l’année ${s.period.year}`],
      ['Commissions', formatCents(s.commissionCents)],
      ['Prime', formatCents(s.bonusCents)],
      ['Places offertes', String(s.freeSeats)],
      ['Avantage', s.perks.join(', ') || null],
      ['Total', `${formatCents(s.totalCents)}${s.pendingCents ? ` dont ${formatCents(s.pendingCents)} encore en délai de rétractation` : ''}`],
    ])}</div>
    ${table(
      `Inscriptions avec le code ${p.code}, ${period.label}`,
      ['Date', 'Formation', 'Montant', 'État', 'Rang dans l’année', 'Commission', 'Prime ou place'],
      s.lines.map((l) => [
        day(`${l.enrolledOn}T12:00:00Z`),
        l.training ? (titles[l.training] ?? l.training) : '—',
        formatCents(l.amountCents),
        `${LINE_STATUS_LABELS[l.status]}${l.status === 'pending' ? ` (jusqu’au ${day(`${l.windowEndsOn}T12:00:00Z`)})` : l.cancelledOn ? ` (le ${day(`${l.cancelledOn}T12:00:00Z`)})` : ''}`,
        l.rank === null ? '—' : String(l.rank),
        formatCents(l.commissionCents),
        [l.bonusCents ? `prime ${formatCents(l.bonusCents)}` : '', l.freeSeats ? `${l.freeSeats} place offerte` : ''].filter(Boolean).join(', ') || '—',
      ]),
      { empty: 'Aucune inscription avec ce code sur la période.' },
    )}
    <h3 class="mt-6 text-xl">Règles du programme</h3>
    <ul class="mt-2 list-disc pl-6">${programmeRules(options.programme, s.windowDays).map((r) => html`<li>${r}.</li>`)}</ul>
  </section>
  ${!p.disabledAt
    ? html`<section class="mt-8" aria-labelledby="desactiver"><h2 id="desactiver" class="text-2xl">Désactiver le code</h2>
      ${isAdmin
        ? html`<p class="mt-2">Le code ne s’appliquera plus aux nouvelles demandes ni aux nouvelles inscriptions ; les inscriptions déjà faites restent au relevé.</p>
          <form method="post" action="/admin/partenaires/${p.id}/desactiver" class="mt-3">${csrfField(ctx.viewer)}<button type="submit" class="btn border-2 border-[#a3122a] bg-white text-[#a3122a]">Désactiver ${p.code}</button></form>`
        : html`<p class="mt-2 text-ink-600">La désactivation d’un code est réservée à l’administration.</p>`}
    </section>`
    : ''}`;
  return page(ctx, `${p.name} · ${p.code}`, body);
}
