// The console's measuring pages: the dashboard, the plan's KPIs against their targets, the
// audience, the experiments' results; and the page to change one's password. Functions of their
// data, like pages.ts; charts are inline SVG with the same figures in a table beside them.
import { html, raw, consolePage, csrfField, table, when, euros, phone, type Html } from './layout';
import { taskPerson, type PageContext } from './pages';
import { formatKpiValue, type KpiReport, type KpiResult } from '../marketing/kpis';
import type { ConsolePeriod, AudienceSummary, ConsoleKpis } from './kpi-data';
import type { ExperimentResult } from './experiments';
import { barChart, funnelChart, lineChart, progressBar, type ChartOutput } from './charts';

type Row = Record<string, unknown>;

const page = (ctx: PageContext, title: string, current: string, body: Html) =>
  consolePage({ title, stylesheet: ctx.stylesheet, viewer: ctx.viewer, current, body, notice: ctx.notice });

const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const pct = (x: number | null, digits = 1) => (x === null ? '—' : `${(x * 100).toFixed(digits).replace('.', ',').replace('-', '−')} %`);
const num = (x: number | null, digits = 4) => (x === null ? '—' : x.toFixed(digits).replace('.', ',').replace('-', '−'));

const STATUS: Record<KpiResult['status'], { text: string; cls: string }> = {
  atteint: { text: 'Objectif atteint', cls: 'bg-teal-100 text-navy-900' },
  'non-atteint': { text: 'Sous l’objectif', cls: 'bg-[#fdecee] text-[#8a0f23]' },
  'non-mesurable': { text: 'Non mesuré par le site', cls: 'bg-navy-50 text-navy-900' },
  'pas-de-donnees': { text: 'Pas encore de données', cls: 'bg-navy-50 text-navy-900' },
};

function periodNav(ctx: PageContext, base: string, period: ConsolePeriod) {
  const param = period.kind === 'year' ? 'annee' : 'mois';
  return html`<nav aria-label="Changer de période" class="mt-3 flex flex-wrap items-center gap-2">
    <a class="btn-secondary" href="${base}?${param}=${period.previous}">← ${period.kind === 'year' ? period.previous : 'Mois précédent'}</a>
    <a class="btn-secondary" href="${base}?${param}=${period.next}">${period.kind === 'year' ? period.next : 'Mois suivant'} →</a>
    ${period.kind === 'month' ? html`<a class="btn-secondary" href="${base}?annee=${period.key.slice(0, 4)}">Toute l’année ${period.key.slice(0, 4)}</a>` : html`<a class="btn-secondary" href="${base}">Mois en cours</a>`}
  </nav>`;
}

function kpiCards(kpis: KpiResult[]) {
  return html`<ul class="mt-4 grid gap-4 sm:grid-cols-2 xl:grid-cols-4" role="list">
    ${kpis.map(
      (k) => html`<li class="rounded-lg border border-navy-100 p-4">
        <p class="text-base font-bold">${k.label}</p>
        <p class="mt-1 text-3xl font-bold">${k.display.value ?? '—'}</p>
        <p class="text-base">objectif ${k.direction === 'lower' ? 'au plus ' : k.comparator === 'lt' ? 'sous ' : ''}${k.display.target}</p>
        ${k.value !== null && k.status !== 'non-mesurable' ? html`<div class="mt-2">${raw(progressBar(k.value, k.targetForPeriod, { label: k.label, direction: k.direction, format: (n: number) => formatKpiValue(n, k.unit) }).svg)}</div>` : ''}
        <p class="mt-2 inline-block rounded px-2 py-0.5 text-sm font-bold ${STATUS[k.status].cls}">${STATUS[k.status].text}</p>
        <p class="mt-2 text-sm text-ink-600">${k.note}</p>
      </li>`,
    )}
  </ul>`;
}

/** A chart and, one click away, the same figures as a table (the SVG is built and escaped by charts.ts). */
function figure(chart: ChartOutput) {
  return html`<figure class="mt-4">${raw(chart.svg)}
    <details class="mt-2"><summary class="cursor-pointer font-bold">Les chiffres du graphique</summary>${raw(chart.table)}</details></figure>`;
}

/** Visitors and leads over the period: a line chart and the same figures as a table. */
function seriesChart(series: ConsoleKpis['series'], label: string, kind: 'month' | 'year') {
  const step = kind === 'month' ? 'Jour' : 'Mois';
  return figure(
    lineChart({
      title: `Visiteurs et leads ${kind === 'month' ? 'par jour' : 'par mois'}, ${label}`,
      series: [
        { label: 'Visiteurs', points: series.filter((p) => p.visitors !== null).map((p) => ({ x: p.x, y: p.visitors! })) },
        { label: 'Leads', points: series.map((p) => ({ x: p.x, y: p.leads })) },
      ],
      yLabel: step === 'Jour' ? 'Personnes par jour' : 'Personnes par mois',
      xUnit: kind === 'month' ? 'day' : 'month',
    }),
  );
}

// ---------------------------------------------------------------------------------------------

export function dashboardPage(ctx: PageContext, { report, series }: ConsoleKpis, recent: Row[], openTasks: Row[]) {
  const pick = (keys: string[]) => keys.map((key) => report.kpis.find((k) => k.key === key && k.group !== 'annual')).filter((k): k is KpiResult => Boolean(k));
  const overdue = openTasks.filter((t) => t.status === 'overdue').length;
  const body = html`<h1 class="text-3xl">Tableau de bord</h1>
  <p class="mt-2">${report.period.label} : les chiffres mesurés face aux objectifs du plan marketing. <a href="/admin/kpi">Tous les indicateurs</a></p>
  ${kpiCards(pick(['unique-visitors', 'qualified-leads', 'lead-conversion-rate', 'enrolments', 'cost-per-lead', 'marketing-roi']))}
  ${seriesChart(series, report.period.label, 'month')}
  <div class="mt-8 grid gap-8 lg:grid-cols-2">
    <section aria-labelledby="rappels"><h2 id="rappels" class="text-2xl">Rappels</h2>
      <p class="mt-2"><strong>${openTasks.length}</strong> à faire, dont <strong>${overdue}</strong> en retard. <a href="/admin/taches">Voir les rappels</a></p>
      ${table('Prochains rappels', ['À rappeler avant', 'Personne', 'Téléphone'], openTasks.slice(0, 5).map((t) => {
        const who = taskPerson(t);
        return [when(t.due_at), html`<a href="${who.href}">${who.name}</a>`, phone(who.phone)];
      }), { empty: 'Aucun rappel en attente.' })}
    </section>
    <section aria-labelledby="derniers"><h2 id="derniers" class="text-2xl">Derniers leads</h2>
      ${table('Derniers leads', ['Lead', 'Score', 'Créé le'], recent.map((r) => [html`<a href="/admin/leads/${String(r.id)}">${`${r.first_name} ${r.last_name ?? ''}`.trim()}</a>`, String(r.score), when(r.created_at)]), { empty: 'Aucun lead pour l’instant.' })}
    </section>
  </div>`;
  return page(ctx, 'Tableau de bord', '/admin/', body);
}

// ---------------------------------------------------------------------------------------------

const GROUPS: [KpiResult['group'], string][] = [
  ['traffic', 'Trafic'],
  ['conversion', 'Conversion'],
  ['roi', 'Coûts et retour sur investissement'],
  ['annual', 'Objectifs de l’année'],
];
const DIMENSIONS: [keyof KpiReport['breakdowns']['leadsBy'], string][] = [
  ['source', 'Source'],
  ['medium', 'Support (utm_medium)'],
  ['campaign', 'Campagne'],
  ['landingPage', 'Page d’arrivée'],
  ['training', 'Formation'],
  ['region', 'Région'],
];

export function kpiPage(ctx: PageContext, { report, series }: ConsoleKpis, period: ConsolePeriod) {
  const t = report.totals;
  const funnel = report.breakdowns.funnel;
  const body = html`<h1 class="text-3xl">Indicateurs du plan : ${report.period.label}</h1>
  ${periodNav(ctx, '/admin/kpi', period)}
  <p class="mt-3 max-w-3xl">Un lead qualifié est un lead ${report.qualifiedLead.labels.join(' ou ')} (kpis.yaml, qualifiedLead). Les visiteurs sont comptés par jour, sans cookie ; ${t.daysMeasured} jour${t.daysMeasured > 1 ? 's' : ''} mesuré${t.daysMeasured > 1 ? 's' : ''} sur ${report.period.days}.
  ${t.spendEur === null ? 'Aucune dépense ni budget sur la période.' : t.spendBudgetEur > 0 ? html`Dépenses : ${euros(t.spendEnteredEur)} saisies et <strong>${euros(t.spendBudgetEur)} de budget prévu</strong> compté faute de saisie (saisissez les dépenses réelles ci-dessous).` : html`Dépenses saisies : ${euros(t.spendEnteredEur)}.`}</p>
  ${GROUPS.map(([group, title]) => {
    const kpis = report.kpis.filter((k) => k.group === group);
    return kpis.length ? html`<section class="mt-8" aria-labelledby="g-${group}"><h2 id="g-${group}" class="text-2xl">${title}</h2>${kpiCards(kpis)}</section>` : '';
  })}
  <section class="mt-10" aria-labelledby="entonnoir"><h2 id="entonnoir" class="text-2xl">Entonnoir : arrivée, page formation, formulaire commencé, lead, inscription</h2>
    ${funnel
      ? figure(funnelChart(funnel, { title: `Entonnoir de ${report.period.label}` }))
      : html`<p class="mt-2">Pas de mesure d’audience sur la période : l’entonnoir commence aux visites.</p>`}
  </section>
  <section class="mt-10" aria-labelledby="evolution"><h2 id="evolution" class="text-2xl">Visiteurs et leads ${period.kind === 'month' ? 'par jour' : 'par mois'}</h2>
    ${seriesChart(series, report.period.label, period.kind)}
  </section>
  <section class="mt-10" aria-labelledby="campagnes"><h2 id="campagnes" class="text-2xl">Campagnes</h2>
    ${table(
      'Leads, inscriptions et coûts par campagne',
      ['Campagne', 'Leads', 'Leads qualifiés', 'Inscriptions', 'Dépense', 'Coût par lead', 'Coût par lead qualifié', 'Coût par inscription'],
      report.breakdowns.campaigns.map((r) => [
        r.label,
        nf.format(r.leads),
        nf.format(r.qualifiedLeads),
        r.enrolments === null ? '—' : nf.format(r.enrolments),
        r.spendEur === null ? '—' : `${euros(r.spendEur)}${r.spendOrigin === 'budget' ? ' (budget prévu)' : r.spendOrigin === 'mixte' ? ' (en partie budget)' : ''}`,
        r.costPerAnyLead === null ? '—' : euros(r.costPerAnyLead),
        r.costPerLead === null ? '—' : euros(r.costPerLead),
        r.costPerEnrolment === null ? '—' : euros(r.costPerEnrolment),
      ]),
      { empty: 'Aucune campagne sur la période.' },
    )}
    <h3 class="mt-6 text-xl">Saisir une dépense réelle</h3>
    <form method="post" action="/admin/depenses" class="mt-2 flex flex-wrap items-end gap-3">${csrfField(ctx.viewer)}
      <div><label for="d-mois" class="block text-sm font-bold">Mois</label><input id="d-mois" name="mois" type="month" required value="${period.kind === 'month' ? period.key : `${period.key}-01`}" class="mt-1 block min-h-11 rounded-md border border-navy-700 px-2"></div>
      <div><label for="d-campagne" class="block text-sm font-bold">Campagne</label><select id="d-campagne" name="campagne" class="mt-1 block min-h-11 rounded-md border border-navy-700 px-2">${[...ctx.marketing.campaigns.googleAds, ...ctx.marketing.campaigns.special].map((c) => html`<option value="${c.key}">${'label' in c ? c.label : c.title}</option>`)}</select></div>
      <div><label for="d-montant" class="block text-sm font-bold">Montant dépensé (€)</label><input id="d-montant" name="montant" inputmode="decimal" required class="mt-1 block min-h-11 rounded-md border border-navy-700 px-2"></div>
      <button type="submit" class="btn-primary">Enregistrer</button>
    </form>
    <h3 class="mt-6 text-xl">Importer les conversions dans Google Ads</h3>
    <p class="mt-2 max-w-3xl">Le fichier liste les leads venus d’un clic Google Ads (gclid) et les inscriptions de ces leads, au format d’import « conversions à partir de clics » de Google Ads : Outils, Conversions, Importations. Les clics venus d’iOS (gbraid, wbraid) ne peuvent pas y figurer.</p>
    <form method="get" action="/admin/conversions-google-ads.csv" class="mt-2 flex flex-wrap items-end gap-3">
      <div><label for="c-jours" class="block text-sm font-bold">Derniers jours</label><input id="c-jours" name="jours" type="number" min="1" max="365" value="30" required class="mt-1 block min-h-11 w-28 rounded-md border border-navy-700 px-2"></div>
      <button type="submit" class="btn-secondary">Télécharger le fichier d’import (CSV)</button>
    </form>
  </section>
  <section class="mt-10" aria-labelledby="repartition"><h2 id="repartition" class="text-2xl">D’où viennent les leads</h2>
    <div class="mt-4 grid gap-8 lg:grid-cols-2">
    ${DIMENSIONS.map(([key, title]) => {
      const rows = report.breakdowns.leadsBy[key] ?? [];
      return html`<div><h3 class="text-xl">${title}</h3>
        ${rows.length ? raw(barChart({ title: `Leads par ${title.toLowerCase()}`, bars: rows.slice(0, 8).map((r) => ({ label: r.label, value: r.leads })), horizontal: true, valueLabel: 'Leads', categoryLabel: title }).svg) : ''}
        ${table(`Leads par ${title.toLowerCase()}`, [title, 'Leads', 'Qualifiés', 'Part'], rows.map((r) => [r.label, nf.format(r.leads), nf.format(r.qualifiedLeads), `${r.sharePercent.toFixed(1).replace('.', ',')} %`]), { empty: 'Aucun lead sur la période.' })}</div>`;
    })}
    </div>
  </section>`;
  return page(ctx, `Indicateurs ${report.period.label}`, '/admin/kpi', body);
}

// ---------------------------------------------------------------------------------------------

export function audiencePage(ctx: PageContext, a: AudienceSummary, period: ConsolePeriod) {
  const list = (title: string, rows: [string, number][], head: string) =>
    html`<div><h2 class="text-2xl">${title}</h2>${table(title, [head, 'Nombre'], rows.slice(0, 20).map(([k, n]) => [k, nf.format(n)]), { empty: 'Rien de mesuré sur la période.' })}</div>`;
  const body = html`<h1 class="text-3xl">Audience : ${period.label}</h1>
  ${periodNav(ctx, '/admin/audience', period)}
  <p class="mt-3 max-w-3xl">Mesure exemptée de consentement (conditions de la CNIL) : aucun cookie, aucun identifiant conservé au-delà de la journée, robots exclus, seuls des totaux par jour sont gardés. Un visiteur est compté une fois par jour ; les visiteurs du mois sont la somme des jours. Le taux de rebond et la durée des visites ne sont pas mesurés (il faudrait suivre une visite, donc un identifiant).</p>
  <p class="mt-3 text-xl"><strong>${nf.format(a.visitors)}</strong> visiteurs · <strong>${nf.format(a.pageViews)}</strong> pages vues · ${a.daysMeasured} jour${a.daysMeasured > 1 ? 's' : ''} mesuré${a.daysMeasured > 1 ? 's' : ''}</p>
  ${a.days.length
    ? html`${figure(lineChart({ title: `Visiteurs et pages vues par jour, ${period.label}`, series: [{ label: 'Visiteurs', points: a.days.map((d) => ({ x: d.day, y: d.visitors })) }, { label: 'Pages vues', points: a.days.map((d) => ({ x: d.day, y: d.pageViews })) }], yLabel: 'Par jour', xUnit: 'day' }))}
`
    : html`<p class="mt-3">Aucune visite mesurée sur la période.</p>`}
  <div class="mt-8 grid gap-8 lg:grid-cols-2">
    ${list('Pages vues', a.pages, 'Page')}
    ${list('Pages d’arrivée', a.entries, 'Page')}
    ${list('Sites d’origine', a.referrers, 'Domaine')}
    ${list('Appareils', a.devices, 'Appareil')}
    ${list('Formulaires commencés', a.formStarts, 'Page')}
  </div>`;
  return page(ctx, `Audience ${period.label}`, '/admin/audience', body);
}

// ---------------------------------------------------------------------------------------------

export function experimentsPage(ctx: PageContext, results: ExperimentResult[]) {
  const body = html`<h1 class="text-3xl">Tests A/B</h1>
  <p class="mt-2 max-w-3xl">Statistiques de GrowthBook avec ses seuils par défaut : moteur bayésien (a priori plat) pour la chance de gagner, test de Welch et méthode delta pour l’intervalle du gain relatif et la valeur p, test du khi-deux pour la répartition (alerte sous 0,001). Une variante ne conclut qu’avec 150 conversions au moins. Seuls les visiteurs qui acceptent les cookies sont répartis et comptés.</p>
  ${results.map(
    (r) => html`<section class="mt-10" aria-labelledby="x-${r.key}">
      <h2 id="x-${r.key}" class="text-2xl">${r.label} <span class="text-base font-normal">(${r.key}, ${r.metric === 'open-rate' ? 'taux d’ouverture' : r.metric === 'click-rate' ? 'taux de clic' : 'taux de conversion'})</span></h2>
      <p class="mt-3 inline-block rounded-lg px-3 py-2 text-xl font-bold ${r.verdict.status === 'winner' || r.verdict.status === 'loser' ? 'bg-teal-100' : r.verdict.status === 'srm' ? 'bg-[#fdecee] text-[#8a0f23]' : 'bg-navy-50'}">${r.headline}</p>
      <p class="mt-2 max-w-3xl">${r.verdict.message}</p>
      ${table(
        `Résultats du test ${r.label}`,
        ['Variante', 'Texte', r.unitLabel, r.conversionLabel, 'Taux', 'Gain relatif', 'Intervalle à 95 %', 'Valeur p', 'Chance de gagner'],
        r.stats.variants.map((v, i) => [
          html`${v.key.toUpperCase()}${v.isControl ? raw(' <span class="text-sm">(témoin)</span>') : ''}`,
          r.variants[i]?.text ?? '—',
          nf.format(v.units),
          nf.format(v.conversions),
          pct(v.rate, 2),
          v.isControl ? '—' : pct(v.lift),
          v.isControl || v.liftLow === null ? '—' : `${pct(v.liftLow)} à ${pct(v.liftHigh)}`,
          v.isControl ? '—' : num(v.pValue),
          v.isControl ? '—' : pct(v.chanceToWin),
        ]),
      )}
      <p class="mt-2 text-base">Répartition : ${r.stats.srmPValue === null ? 'pas encore assez de visiteurs pour la tester' : `p = ${num(r.stats.srmPValue)} (${r.stats.srmWarning ? 'déséquilibrée' : 'conforme aux poids prévus'})`}.
        ${r.stats.variants.some((v) => v.suspiciousUplift) ? ' Écart suspect (50 % ou plus) : vérifiez le suivi avant de conclure.' : ''}</p>
      <p class="mt-2 max-w-3xl"><strong>Suite :</strong> ${r.next}</p>
    </section>`,
  )}`;
  return page(ctx, 'Tests A/B', '/admin/experiences', body);
}

// ---------------------------------------------------------------------------------------------

export function passwordPage(ctx: PageContext) {
  const input = (id: string, label: string, auto: string) =>
    html`<div><label for="${id}" class="block font-bold">${label}</label><input id="${id}" name="${id}" type="password" autocomplete="${auto}" required class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2"></div>`;
  const body = html`<h1 class="text-3xl">Changer mon mot de passe</h1>
  <form method="post" action="/admin/mot-de-passe" class="mt-6 grid max-w-md gap-4">${csrfField(ctx.viewer)}
    ${input('actuel', 'Mot de passe actuel', 'current-password')}
    ${input('nouveau', 'Nouveau mot de passe (12 caractères au moins)', 'new-password')}
    ${input('confirmation', 'Confirmation du nouveau mot de passe', 'new-password')}
    <div><button type="submit" class="btn-primary">Changer le mot de passe</button></div>
  </form>`;
  return page(ctx, 'Mot de passe', '/admin/mot-de-passe', body);
}

// ---------------------------------------------------------------------------------------------

export function assistantPage(ctx: PageContext, rows: { question: string; count: number; last_day: string; path: string | null }[], days: number) {
  const body = html`<h1 class="text-3xl">Questions sans réponse</h1>
  <p class="mt-2 max-w-3xl">Les questions posées à l’assistant du site auxquelles il n’a pas trouvé de réponse, sur les ${days} derniers jours. Elles sont comptées sans aucune donnée personnelle (adresses, numéros et liens retirés avant l’enregistrement). Pour y répondre, complétez la page qui devrait répondre ou ajoutez la question à content/questions/questions.yaml avec la page qui y répond.</p>
  ${table('Questions sans réponse, les plus fréquentes d’abord', ['Question', 'Fois', 'Dernière fois', 'Page où elle a été posée'], rows.map((r) => [r.question, nf.format(Number(r.count)), r.last_day, r.path ?? '—']), { empty: 'Aucune question sans réponse sur la période.' })}`;
  return page(ctx, 'Assistant', '/admin/assistant', body);
}
