// A partner's private page, /partenaires/espace/<token>/: their code and link, their referrals of
// the year (date, training, amount, status — never a name or an address) and their earnings.
// The token is the partner's id signed with the form secret (purpose « partner-space »), like the
// unsubscribe links: nothing to store, nothing to guess. Served by the edge, noindex, no-store.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { signLead, verifyLead } from '../edge/signing';
import { edgePage } from '../edge/responses';
import { formatDate } from '../lib/typography';
import { formatCents, LINE_STATUS_LABELS, programmeRules, type Statement } from '../marketing/commissions';
import type { PartnerRecord } from './store';
import type { AffiliateProgram } from '../marketing/config';

const PURPOSE = 'partner-space';
const COLUMNS = ['Date d’inscription', 'Formation', 'Montant', 'État', 'Commission'];

export function partnerSpaceToken(secret: string, partnerId: string): Promise<string> {
  return signLead(secret, PURPOSE, partnerId);
}
export function verifyPartnerSpace(secret: string, token: string | undefined): Promise<string | null> {
  return verifyLead(secret, PURPOSE, token);
}
export const partnerSpacePath = (token: string) => `/partenaires/espace/${token}/`;

/** A day of the statement (YYYY-MM-DD) as the site writes dates: 1er décembre 2026. */
const frDay = (day: string) => formatDate(new Date(`${day}T12:00:00Z`));

/** A page of the partner space in the site's layout (the edge's own pages: src/edge/responses.ts). */
async function shell(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>): Promise<string> {
  return edgePage(title, String(await body));
}

/** A short French page of the partner space (a bad link, a bad parameter). */
export function spaceMessagePage(title: string, message: string) {
  return shell(title, html`<p class="mt-3 max-w-2xl">${message}</p>
<p class="mt-3"><a href="/parrainage/">Le programme de parrainage</a></p>`);
}

export function spaceNotFoundPage() {
  return spaceMessagePage(
    'Espace partenaire introuvable',
    'Ce lien n’ouvre aucun espace partenaire : il est incomplet ou a été mal copié. Reprenez le lien reçu avec votre code de parrainage, en entier, ou demandez-le à l’équipe de MécaFormation.',
  );
}

export function spacePage(options: {
  partner: PartnerRecord;
  programme: AffiliateProgram;
  statement: Statement;
  link: string;
  trainingTitles: Record<string, string>;
  contactEmail: string;
  years: { previous: string; next: string | null; current: string };
}) {
  const { partner, statement: s, link, trainingTitles, years } = options;
  const programme = s.programmeLabel;
  const rules = programmeRules(options.programme, s.windowDays);
  const hasCash = options.programme.bonuses.some((b) => b.type === 'cash');
  const body = html`<p class="mt-2">Bonjour ${partner.name} · programme « ${programme} »</p>
${partner.disabledAt ? html`<p class="notice mt-4" role="status">Votre code n’est plus actif depuis le ${frDay(partner.disabledAt.slice(0, 10))} : il ne s’applique plus aux nouvelles demandes. Les inscriptions déjà faites avec lui restent ci-dessous.</p>` : ''}
<section class="mt-6" aria-labelledby="code"><h2 id="code" class="text-2xl">Votre code et votre lien</h2>
  <dl class="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[12rem_1fr]"><dt class="font-bold">Code de parrainage</dt><dd><strong class="text-xl">${partner.code}</strong></dd><dt class="font-bold">Lien à partager</dt><dd><a href="${link}">${link}</a></dd></dl>
  <p class="mt-2 text-ink-600">La personne qui ouvre ce lien trouve votre code déjà indiqué dans notre formulaire ; elle peut aussi le taper elle-même ou le donner à son conseiller.</p>
</section>
<section class="mt-8" aria-labelledby="gains"><h2 id="gains" class="text-2xl">Vos gains ${years.current}</h2>
  <dl class="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[16rem_1fr]">
    <dt class="font-bold">Parrainages comptés</dt><dd>${String(s.referrals)}${s.reversed ? ` (et ${s.reversed} annulé${s.reversed > 1 ? 's' : ''} dans le délai de rétractation)` : ''}</dd>
    <dt class="font-bold">Commissions</dt><dd>${formatCents(s.commissionCents)}</dd>
    ${s.bonusCents || hasCash ? html`<dt class="font-bold">Prime</dt><dd>${formatCents(s.bonusCents)}${s.nextBonus ? ` (encore ${s.nextBonus.remaining} parrainage${s.nextBonus.remaining > 1 ? 's' : ''} cette année pour la prime de ${formatCents(s.nextBonus.amountCents)})` : ''}</dd>` : ''}
    ${s.freeSeats || s.nextFreeSeat ? html`<dt class="font-bold">Places de formation offertes</dt><dd>${String(s.freeSeats)}${s.nextFreeSeat ? ` (la prochaine dans ${s.nextFreeSeat.remaining} inscription${s.nextFreeSeat.remaining > 1 ? 's' : ''})` : ''}</dd>` : ''}
    ${s.perks.length ? html`<dt class="font-bold">Avantage</dt><dd>${s.perks.join(', ')}</dd>` : ''}
    <dt class="font-bold">Total</dt><dd><strong>${formatCents(s.totalCents)}</strong>${s.pendingCents ? ` dont ${formatCents(s.pendingCents)} en délai de rétractation (dû à la fin du délai)` : ''}</dd>
  </dl>
</section>
<section class="mt-8" aria-labelledby="parrainages"><h2 id="parrainages" class="text-2xl">Vos parrainages ${years.current}</h2>
  ${s.lines.length
    ? html`<table role="table" class="mt-2 w-full border-collapse text-left text-base">
    <caption class="sr-only">Inscriptions faites avec votre code, sans le nom des personnes</caption>
    <thead role="rowgroup" class="max-sm:sr-only"><tr role="row">${COLUMNS.map((h) => html`<th role="columnheader" scope="col" class="border-b-2 border-navy-900 px-2 py-2">${h}</th>`)}</tr></thead>
    <tbody role="rowgroup">${s.lines.map((l) => {
      const cells = [
        frDay(l.enrolledOn),
        l.training ? (trainingTitles[l.training] ?? l.training) : '—',
        formatCents(l.amountCents),
        `${LINE_STATUS_LABELS[l.status]}${l.status === 'pending' ? ` jusqu’au ${frDay(l.windowEndsOn)}` : ''}`,
        html`${formatCents(l.commissionCents)}${l.bonusCents ? html`<br>+ prime ${formatCents(l.bonusCents)}` : ''}${l.freeSeats ? html`<br>+ ${String(l.freeSeats)} place offerte` : ''}`,
      ];
      return html`<tr role="row" class="border-b border-navy-100 max-sm:block max-sm:py-2">${cells.map((cell, i) => html`<td role="cell" data-label="${COLUMNS[i]}" class="px-2 py-2 max-sm:grid max-sm:grid-cols-[9rem_1fr] max-sm:gap-2 max-sm:px-0 max-sm:py-0.5 max-sm:before:font-bold max-sm:before:content-[attr(data-label)]">${cell}</td>`)}</tr>`;
    })}</tbody></table>`
    : html`<p class="mt-2 text-ink-600">Aucune inscription avec votre code en ${years.current} pour l’instant.</p>`}
  <p class="mt-3"><a href="?annee=${years.previous}">Voir ${years.previous}</a>${years.next ? raw(' · ') : ''}${years.next ? html`<a href="?annee=${years.next}">Voir ${years.next}</a>` : ''}</p>
</section>
<section class="mt-8 max-w-3xl" aria-labelledby="regles"><h2 id="regles" class="text-2xl">Les règles de votre programme</h2>
  <ul class="mt-2 list-disc space-y-1 pl-6">${rules.map((r) => html`<li>${r}.</li>`)}</ul>
  <p class="mt-3">Ce lien est personnel : ne le partagez pas (partagez votre lien de parrainage ci-dessus). Une question ? Écrivez à <a href="mailto:${options.contactEmail}">${options.contactEmail}</a>.</p>
</section>`;
  return shell('Votre espace partenaire', body);
}
