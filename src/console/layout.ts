// The console's page shell: server-rendered French HTML with the site's stylesheet and design
// tokens, noindex, no script, a skip link, the navigation of the signed-in member's role.
// Every value is escaped by hono/html's `html` template; `raw` only for HTML built here.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { ROLE_LABELS, type Role } from './auth';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
export { html, raw };

export interface Viewer {
  email: string;
  role: Role;
  csrf: string;
}

const NAV: { href: string; label: string; admin?: boolean }[] = [
  { href: '/admin/', label: 'Tableau de bord' },
  { href: '/admin/leads', label: 'Leads' },
  { href: '/admin/taches', label: 'Rappels' },
  { href: '/admin/whatsapp', label: 'WhatsApp' },
  { href: '/admin/inscriptions', label: 'Inscriptions' },
  { href: '/admin/partenaires', label: 'Partenaires' },
  { href: '/admin/webinaires', label: 'Webinaires' },
  { href: '/admin/kpi', label: 'Indicateurs' },
  { href: '/admin/audience', label: 'Audience' },
  { href: '/admin/experiences', label: 'Tests A/B' },
  { href: '/admin/assistant', label: 'Assistant' },
  { href: '/admin/apercu', label: 'Aperçu du site' },
  { href: '/admin/reseaux-sociaux', label: 'Réseaux sociaux' },
  { href: '/admin/utilisateurs', label: 'Comptes', admin: true },
  { href: '/admin/journal', label: 'Journal', admin: true },
];

/** The hidden CSRF field of every form. */
export const csrfField = (viewer: Viewer) => html`<input type="hidden" name="csrf" value="${viewer.csrf}">`;

export function consolePage(options: { title: string; stylesheet: string | null; viewer: Viewer | null; current?: string; body: Html; notice?: { kind: 'ok' | 'error'; text: string } | null }) {
  const { title, stylesheet, viewer, current, body, notice } = options;
  const nav = viewer
    ? html`<nav aria-label="Console" class="border-b border-navy-100 bg-navy-50">
        <ul class="container-page flex flex-wrap gap-x-1 gap-y-1 py-2 text-base">
          ${NAV.filter((n) => !n.admin || viewer.role === 'admin').map(
            (n) => html`<li><a href="${n.href}" class="inline-flex min-h-11 items-center rounded-md px-3 ${current === n.href ? 'bg-navy-900 text-white' : 'text-navy-900'}" ${current === n.href ? raw('aria-current="page"') : ''}>${n.label}</a></li>`,
          )}
        </ul>
      </nav>`
    : '';
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} | Console MécaFormation</title>
${stylesheet ? html`<link rel="stylesheet" href="${stylesheet}">` : html`<link rel="stylesheet" href="/edge.css">`}
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body class="console min-h-screen bg-white text-navy-900">
<a href="#contenu" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">Aller au contenu</a>
<header class="bg-navy-900 text-white">
  <div class="container-page flex flex-wrap items-center justify-between gap-3 py-3">
    <p class="text-lg font-bold">M<span class="text-teal-100">é</span>caFormation <span class="font-normal">· console</span></p>
    ${viewer
      ? html`<form method="post" action="/admin/deconnexion" class="flex items-center gap-3 text-base">
          <span>${viewer.email} (${ROLE_LABELS[viewer.role]})</span>${csrfField(viewer)}
          <button type="submit" class="min-h-11 rounded-md border border-white px-3 font-bold text-white">Se déconnecter</button>
        </form>`
      : ''}
  </div>
</header>
${nav}
<main id="contenu" class="container-page py-6">
${notice ? html`<p role="${notice.kind === 'error' ? 'alert' : 'status'}" class="mb-4 rounded-lg border-l-4 ${notice.kind === 'error' ? 'border-[#a3122a] bg-[#fdecee]' : 'border-teal-600 bg-teal-100'} px-4 py-3 font-bold">${notice.text}</p>` : ''}
${body}
</main>
</body>
</html>`;
}

/** A definition list of label/value pairs. */
export function facts(pairs: [string, unknown][]) {
  return html`<dl class="grid gap-x-6 gap-y-1 sm:grid-cols-[14rem_1fr]">${pairs.map(([k, v]) => html`<dt class="font-bold">${k}</dt><dd>${v === null || v === undefined || v === '' ? '—' : String(v)}</dd>`)}</dl>`;
}

/** A data table: caption, header row, rows of cells (strings or HTML). */
export function table(caption: string, headers: string[], rows: (string | number | Html | null)[][], options: { empty?: string } = {}) {
  if (!rows.length) return html`<p class="text-ink-600">${options.empty ?? 'Aucune donnée.'}</p>`;
  return html`<div class="overflow-x-auto" tabindex="0" role="region" aria-label="${caption}">
  <table class="console-table w-full border-collapse text-left text-base">
    <caption class="sr-only">${caption}</caption>
    <thead><tr>${headers.map((h) => html`<th scope="col" class="border-b-2 border-navy-900 px-2 py-2">${h}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr class="border-b border-navy-100">${r.map((cell) => html`<td class="px-2 py-2 align-top">${cell ?? '—'}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** Dates and amounts as the team reads them (Europe/Paris). */
export function when(iso: unknown): string {
  if (!iso) return '—';
  const d = new Date(String(iso));
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(d);
}
export function day(iso: unknown): string {
  if (!iso) return '—';
  const d = new Date(String(iso));
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'medium' }).format(d);
}
export function euros(n: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(n);
}

/** +33612345678 → 06 12 34 56 78 (no-break spaces), as the team dials it; other numbers as stored. */
export function phone(value: unknown): string {
  if (!value) return '—';
  const m = /^\+33(\d{9})$/.exec(String(value));
  return m ? `0${m[1]}`.replace(/(\d{2})(?=\d)/g, '$1\u00a0') : String(value);
}
