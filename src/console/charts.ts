// Server-rendered, accessible SVG charts for the team console: @observablehq/plot draws on a
// linkedom document (no browser), then the tree is serialised here, which is also where it is made
// to fit the site's Content-Security-Policy (src/edge/security.ts: style-src 'self').
//
// Runs in Node and in workerd (Cloudflare Workers), both as they are: tests/worker/charts-worker.test.ts.
//
// Every chart returns { svg, table }:
// - svg: an inline `<svg role="img" aria-label="…">` whose first child is a `<title>`; the label
//   is the title and a one-sentence summary in French. No `<style>` element, no `style`
//   attribute, no script, no event handler, no foreignObject: what Plot's scoped stylesheet did is
//   done with presentation attributes (font-family="inherit", color, fill="currentColor") and the
//   site's classes (h-auto max-w-full). Colours are the brand tokens of src/styles/global.css as
//   hex presentation attributes; text is navy-900 (16:1 on white) or ink-600 (7.5:1).
// - table: an HTML `<table>` with a `<caption>` holding the same data, French-formatted, for
//   screen readers and for anyone who wants the numbers.
// Every text that comes from data is escaped (& < > " ') by the serialiser below, in attributes
// and in text alike (linkedom's own serialiser leaves & and < as they are in attributes).
//
// Amber (#f5a524) is not used for lines or bars: 1.9:1 on white, below the 3:1 WCAG asks of
// graphics that carry meaning. Series differ by colour and by dash pattern.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { NBSP, NNBSP } from '../lib/typography';
import { formatCount, formatEur, formatPercent, formatRatio } from '../marketing/kpis';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface ChartOutput {
  /** Inline SVG, safe under `style-src 'self'`. */
  svg: string;
  /** HTML table with a caption and the same data. */
  table: string;
}

/** 'count' « 1 000 », 'percent' « 8 % » (values in percent), 'eur' « 1 490 € », 'ratio' « 13:1 », or a function. */
export type ValueFormat = 'count' | 'percent' | 'eur' | 'ratio' | ((n: number) => string);

export interface LinePoint {
  /** A Date (shown in Europe/Paris), 'YYYY-MM' (a month) or 'YYYY-MM-DD' (a day). */
  x: Date | string;
  y: number;
}

export interface LineSeries {
  label: string;
  points: LinePoint[];
}

export interface LineChartOptions {
  title: string;
  series: LineSeries[];
  /** Name of the measure (axis label, table column when there is one series). */
  yLabel: string;
  yFormat?: ValueFormat;
  /** 'month' when every x is 'YYYY-MM' (« déc. 2026 »), else 'day' (« 3 déc. 2026 »). */
  xUnit?: 'month' | 'day';
  width?: number;
  height?: number;
}

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  title: string;
  /** Drawn in the order given. */
  bars: Bar[];
  horizontal?: boolean;
  format?: ValueFormat;
  /** Header of the value column of the table (default « Valeur »). */
  valueLabel?: string;
  /** Header of the label column of the table (default « Libellé »). */
  categoryLabel?: string;
  width?: number;
}

export interface FunnelChartStep {
  label: string;
  value: number;
}

export interface FunnelChartOptions {
  title?: string;
  format?: ValueFormat;
  width?: number;
}

export interface ProgressOptions {
  /** What is measured, e.g. « Visiteurs uniques ». */
  label?: string;
  format?: ValueFormat;
  /** 'lower' for a ceiling (a cost): the text says « plafond » instead of « objectif ». */
  direction?: 'higher' | 'lower';
  width?: number;
}

// ---------------------------------------------------------------------------------------------
// Brand and formatting
// ---------------------------------------------------------------------------------------------

/** The brand tokens of src/styles/global.css used by the charts. */
export const CHART_COLORS = {
  navy: '#0f1f3d', // navy-900: text, second series
  teal: '#0e7c86', // teal-600: bars, first series (4.9:1 on white)
  tealDark: '#0b6670', // teal-700
  ink: '#4a5568', // ink-600: secondary text, third series
  light: '#e6ebf4', // navy-100: gauge track
  lightest: '#f4f6fa', // navy-50: empty state
  amber: '#f5a524', // amber-400: not used for graphics (1.9:1 on white)
} as const;

const SERIES_STYLES: { stroke: string; dash: string | null }[] = [
  { stroke: CHART_COLORS.teal, dash: null },
  { stroke: CHART_COLORS.navy, dash: '6 4' },
  { stroke: CHART_COLORS.ink, dash: '2 3' },
  { stroke: CHART_COLORS.tealDark, dash: '9 3 2 3' },
];

export const NO_DATA = 'Aucune donnée pour cette période';

const FONT_SIZE = 12;
/** Rough width of a character of the site's font at FONT_SIZE, to size margins (no text measuring). */
const CHAR_WIDTH = 6.8;

/** Root attributes that replace Plot's scoped stylesheet. */
const ROOT_ATTRIBUTES: Record<string, string> = {
  'font-family': 'inherit',
  'font-size': String(FONT_SIZE),
  color: CHART_COLORS.navy,
  fill: 'currentColor',
  class: 'chart h-auto max-w-full',
};

function formatter(f: ValueFormat | undefined): (n: number) => string {
  if (typeof f === 'function') return f;
  switch (f) {
    case 'percent':
      return formatPercent;
    case 'eur':
      return formatEur;
    case 'ratio':
      return formatRatio;
    default:
      return formatCount;
  }
}

const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayShortFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const parisParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

const firstDay = (s: string) => s.replace(/^1(?=\s)/, '1er');
/** « déc. 2026 » (month), « 3 déc. 2026 », « 1er déc. 2026 » (day); short: « 3 déc. ». */
function formatX(d: Date, unit: 'month' | 'day', short = false): string {
  if (unit === 'month') return monthFormat.format(d);
  return firstDay((short ? dayShortFormat : dayFormat).format(d));
}

/** Escapes & < > " ' for HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const colon = `${NNBSP}:`;

// ---------------------------------------------------------------------------------------------
// DOM and serialisation
// ---------------------------------------------------------------------------------------------

const SVG_NS = 'http://www.w3.org/2000/svg';
let cachedDocument: Document | undefined;
function dom(): Document {
  cachedDocument ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
  return cachedDocument;
}

function el(name: string, attributes: Record<string, string | number>, text?: string): Element {
  const e = dom().createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Attributes whose numbers are rounded to 2 decimals (Plot writes up to 15). */
const GEOMETRY = new Set(['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'transform', 'd', 'points']);

/** Elements never written out: styles and scripts (CSP), HTML islands. */
const DROPPED = new Set(['style', 'script', 'foreignobject', 'iframe']);

/**
 * Writes an element tree as SVG markup for an HTML page, escaping every attribute value and text
 * and leaving out style elements and attributes, scripts, event handlers, Plot's scoped classes
 * and Plot's English aria-labels of inner groups.
 */
function serialize(node: Node, root = true): string {
  if (node.nodeType === 3) return escapeHtml(node.nodeValue ?? '');
  if (node.nodeType !== 1) return '';
  const e = node as Element;
  const name = e.localName;
  if (DROPPED.has(name.toLowerCase())) return '';
  let attrs = '';
  const classes: string[] = [];
  for (const a of Array.from(e.attributes)) {
    const n = a.name.toLowerCase();
    if (n === 'style' || n.startsWith('on') || n === 'href' || n === 'xlink:href') continue;
    if (!root && n === 'aria-label') continue;
    // SVG's font-variant attribute takes only normal or small-caps (invalid HTML otherwise):
    // Plot's tabular-nums becomes the site's utility class of the same name.
    if (n === 'font-variant') {
      if (a.value === 'tabular-nums') classes.push('tabular-nums');
      continue;
    }
    if (n === 'class') {
      classes.unshift(...a.value.split(/\s+/).filter((c) => c && !c.startsWith('plot-')));
      continue;
    }
    let value = a.value;
    if (GEOMETRY.has(n)) value = value.replace(/-?\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100));
    attrs += ` ${a.name}="${escapeHtml(value)}"`;
  }
  if (classes.length) attrs += ` class="${escapeHtml(classes.join(' '))}"`;
  const children = Array.from(e.childNodes).map((c) => serialize(c, false)).join('');
  return children ? `<${name}${attrs}>${children}</${name}>` : `<${name}${attrs}/>`;
}

/** Sets the root's accessible name, title and presentation attributes, then serialises. */
function finish(svg: Element, title: string, label: string, extras: Element[] = []): string {
  for (const k of ['style', 'class', 'font-family', 'font-size', 'fill']) svg.removeAttribute(k);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  for (const [k, v] of Object.entries(ROOT_ATTRIBUTES)) svg.setAttribute(k, v);
  for (const x of extras) svg.appendChild(x);
  svg.insertBefore(el('title', {}, title), svg.firstChild);
  return serialize(svg);
}

function plot(options: Plot.PlotOptions): Element {
  const out = Plot.plot({ ...options, document: dom() }) as unknown as Element;
  if (out.localName !== 'svg') throw new Error('Plot a rendu une figure au lieu d’un SVG (légende ou titre Plot : à ne pas utiliser)');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

function htmlTable(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('');
  return `<table class="chart-table"><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function empty(title: string, width: number): ChartOutput {
  const height = 72;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height });
  svg.appendChild(el('rect', { x: 0, y: 0, width, height, rx: 6, fill: CHART_COLORS.lightest }));
  svg.appendChild(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', 'dominant-baseline': 'middle', fill: CHART_COLORS.ink }, NO_DATA));
  return {
    svg: finish(svg, title, `${title}${colon} ${NO_DATA.toLowerCase()}.`),
    table: `<table class="chart-table"><caption>${escapeHtml(title)}</caption><tbody><tr><td>${escapeHtml(NO_DATA)}</td></tr></tbody></table>`,
  };
}

// ---------------------------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------------------------

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The calendar date of x (Europe/Paris for an instant) as a UTC midnight Date. */
function toDate(x: Date | string, where: string): Date {
  if (typeof x === 'string') {
    const m = MONTH_RE.exec(x);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
    const d = DAY_RE.exec(x);
    if (d) return new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
  }
  const t = x instanceof Date ? x.getTime() : Date.parse(x);
  if (!Number.isFinite(t)) throw new RangeError(`${where}${colon} date attendue (Date, AAAA-MM ou AAAA-MM-JJ), reçu ${JSON.stringify(String(x))}`);
  const p = Object.fromEntries(parisParts.formatToParts(new Date(t)).map((q) => [q.type, q.value]));
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
}

function finite(n: number, where: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new RangeError(`${where}${colon} nombre attendu, reçu ${String(n)}`);
  return n;
}

/** At most `max` evenly spaced values, the first always included. */
function pickTicks<T>(values: T[], max: number): T[] {
  if (values.length <= max) return values;
  const step = Math.ceil(values.length / max);
  return values.filter((_, i) => i % step === 0);
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// ---------------------------------------------------------------------------------------------
// Line chart
// ---------------------------------------------------------------------------------------------

/** One or more series over time (visitors and leads per day, KPIs per month). */
export function lineChart(options: LineChartOptions): ChartOutput {
  const { title, yLabel } = options;
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const fmt = formatter(options.yFormat);
  const unit = options.xUnit ?? (options.series.every((s) => s.points.every((p) => typeof p.x === 'string' && MONTH_RE.test(p.x))) ? 'month' : 'day');
  const series = options.series.map((s, i) => ({
    label: s.label,
    style: SERIES_STYLES[i % SERIES_STYLES.length]!,
    points: s.points
      .map((p, j) => ({ date: toDate(p.x, `series[${i}].points[${j}].x`), y: finite(p.y, `series[${i}].points[${j}].y`) }))
      .sort((a, b) => a.date.getTime() - b.date.getTime()),
  }));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return empty(title, width);

  const times = [...new Set(all.map((p) => p.date.getTime()))].sort((a, b) => a - b);
  const dates = times.map((t) => new Date(t));
  const maxY = Math.max(0, ...all.map((p) => p.y));
  const minY = Math.min(0, ...all.map((p) => p.y));
  const legend = series.length > 1;
  const ticks = pickTicks(dates, unit === 'month' ? 6 : 7);
  // Tick labels are centred on their tick: half of the first and last must fit in the margins.
  const halfTick = (d: Date | undefined) => (d ? (formatX(d, unit, true).length * CHAR_WIDTH) / 2 + 6 : 0);
  const marginLeft = Math.round(Math.max(44, Math.max(fmt(maxY).length, fmt(minY).length) * CHAR_WIDTH + 16, halfTick(ticks[0])));
  const marginRight = Math.round(Math.max(28, ticks.at(-1) === dates.at(-1) ? halfTick(ticks.at(-1)) : 0));
  const marginBottom = legend ? 58 : 34;

  const svg = plot({
    width,
    height,
    marginTop: 28,
    marginLeft,
    marginRight,
    marginBottom,
    x: {
      type: 'utc',
      domain: dates.length === 1 ? [new Date(times[0]! - 864e5 * 15), new Date(times[0]! + 864e5 * 15)] : [dates[0]!, dates.at(-1)!],
      ticks,
      tickFormat: (d: Date) => formatX(d, unit, true),
      label: null,
    },
    y: { grid: true, nice: true, domain: maxY === minY ? [0, 1] : undefined, zero: true, tickFormat: fmt, label: null, ticks: 5 },
    marks: [
      Plot.ruleY([0], { stroke: CHART_COLORS.ink }),
      ...series.map((s) =>
        Plot.lineY(s.points, { x: 'date', y: 'y', stroke: s.style.stroke, strokeWidth: 2.5, ...(s.style.dash ? { strokeDasharray: s.style.dash } : {}) }),
      ),
      ...series.map((s) =>
        Plot.dot(s.points, {
          x: 'date',
          y: 'y',
          r: 3,
          fill: s.style.stroke,
          title: (p: { date: Date; y: number }) => `${s.label}${colon} ${fmt(p.y)} (${formatX(p.date, unit)})`,
        }),
      ),
    ],
  });

  // The measure's name above the axis, and a legend below when there are several series.
  const extras: Element[] = [el('text', { x: 4, y: 14, 'text-anchor': 'start', fill: CHART_COLORS.ink }, yLabel)];
  if (legend) {
    const g = el('g', { transform: `translate(${marginLeft},${height - 14})` });
    let x = 0;
    for (const s of series) {
      g.appendChild(el('line', { x1: x, x2: x + 28, y1: 0, y2: 0, stroke: s.style.stroke, 'stroke-width': 2.5, ...(s.style.dash ? { 'stroke-dasharray': s.style.dash } : {}) }));
      g.appendChild(el('text', { x: x + 34, y: 0, 'text-anchor': 'start', 'dominant-baseline': 'middle' }, s.label));
      x += 34 + s.label.length * CHAR_WIDTH + 24;
    }
    extras.push(g);
  }

  const summary = series
    .map((s) => {
      if (s.points.length === 0) return `${s.label}${colon} aucune donnée`;
      const first = s.points[0]!;
      const last = s.points.at(-1)!;
      const max = s.points.reduce((m, p) => (p.y > m.y ? p : m));
      return s.points.length === 1
        ? `${s.label}${colon} ${fmt(first.y)} (${formatX(first.date, unit)})`
        : `${s.label}${colon} de ${fmt(first.y)} (${formatX(first.date, unit)}) à ${fmt(last.y)} (${formatX(last.date, unit)}), au plus ${fmt(max.y)} (${formatX(max.date, unit)})`;
    })
    .join(' ; ');

  const head = [unit === 'month' ? 'Mois' : 'Jour', ...(series.length === 1 ? [yLabel] : series.map((s) => s.label))];
  const rows = dates.map((d) => [
    formatX(d, unit),
    ...series.map((s) => {
      const p = s.points.find((q) => q.date.getTime() === d.getTime());
      return p ? fmt(p.y) : '—';
    }),
  ]);
  const caption = series.length === 1 ? title : `${title} (${yLabel})`;
  return { svg: finish(svg, title, `${title}. ${summary}.`, extras), table: htmlTable(caption, head, rows) };
}

// ---------------------------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------------------------

/** Bars in the order given (leads by source, campaign, training…). */
export function barChart(options: BarChartOptions): ChartOutput {
  const { title } = options;
  const width = options.width ?? 640;
  const fmt = formatter(options.format);
  const bars = options.bars.map((b, i) => ({ i, label: String(b.label), value: finite(b.value, `bars[${i}].value`) }));
  if (bars.length === 0) return empty(title, width);
  const max = Math.max(0, ...bars.map((b) => b.value));
  const min = Math.min(0, ...bars.map((b) => b.value));
  const domain = bars.map((b) => b.i);
  const labelOf = (i: number) => bars[i]!.label;
  const barTitle = (b: { label: string; value: number }) => `${b.label}${colon} ${fmt(b.value)}`;
  const top = max === min ? 1 : max;
  let svg: Element;

  if (options.horizontal) {
    const longest = Math.min(32, Math.max(...bars.map((b) => b.label.length)));
    const marginLeft = Math.max(60, longest * CHAR_WIDTH + 16);
    const valueRoom = Math.max(...bars.map((b) => fmt(b.value).length)) * CHAR_WIDTH + 12;
    const rowHeight = 30;
    svg = plot({
      width,
      height: Math.round(bars.length * rowHeight + 36),
      marginTop: 8,
      marginLeft,
      marginRight: valueRoom + 8,
      marginBottom: 28,
      y: { type: 'band', domain, tickFormat: (i: number) => truncate(labelOf(i), 32), label: null, padding: 0.25, tickSize: 0 },
      x: { domain: [min, top], nice: true, grid: true, tickFormat: fmt, label: null, ticks: 5 },
      marks: [
        Plot.barX(bars, { y: 'i', x: 'value', fill: CHART_COLORS.teal, title: barTitle }),
        Plot.ruleX([0], { stroke: CHART_COLORS.ink }),
        Plot.text(bars, { y: 'i', x: 'value', text: (b: { value: number }) => fmt(b.value), dx: 6, textAnchor: 'start', fill: CHART_COLORS.navy }),
      ],
    });
  } else {
    const longest = Math.max(...bars.map((b) => b.label.length));
    const rotate = longest * CHAR_WIDTH > (width - 60) / bars.length - 8;
    const marginBottom = rotate ? Math.round(Math.min(140, Math.min(24, longest) * CHAR_WIDTH * 0.7 + 24)) : 32;
    const marginLeft = Math.max(44, fmt(max).length * CHAR_WIDTH + 16);
    svg = plot({
      width,
      height: Math.round(280 + (rotate ? marginBottom - 32 : 0)),
      marginTop: 24,
      marginLeft,
      marginRight: 16,
      marginBottom,
      x: { type: 'band', domain, tickFormat: (i: number) => truncate(labelOf(i), 24), label: null, padding: 0.25, tickSize: 0, ...(rotate ? { tickRotate: -35 } : {}) },
      y: { domain: [min, top], nice: true, grid: true, tickFormat: fmt, label: null, ticks: 5 },
      marks: [
        Plot.barY(bars, { x: 'i', y: 'value', fill: CHART_COLORS.teal, title: barTitle }),
        Plot.ruleY([0], { stroke: CHART_COLORS.ink }),
        Plot.text(bars, { x: 'i', y: 'value', text: (b: { value: number }) => fmt(b.value), dy: -8, fill: CHART_COLORS.navy }),
      ],
    });
  }

  const highest = bars.reduce((m, b) => (b.value > m.value ? b : m));
  const summary = `${bars.length} ${bars.length > 1 ? 'barres' : 'barre'}, la plus haute${colon} «${NNBSP}${highest.label}${NNBSP}» (${fmt(highest.value)})`;
  return {
    svg: finish(svg, title, `${title}. ${summary}.`),
    table: htmlTable(title, [options.categoryLabel ?? 'Libellé', options.valueLabel ?? 'Valeur'], bars.map((b) => [b.label, fmt(b.value)])),
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel
// ---------------------------------------------------------------------------------------------

/** The site's funnel as horizontal bars, with the drop-off from each step to the next. */
export function funnelChart(steps: readonly FunnelChartStep[], options: FunnelChartOptions = {}): ChartOutput {
  const title = options.title ?? 'Entonnoir de conversion';
  const width = options.width ?? 640;
  const fmt = formatter(options.format);
  const rows = steps.map((s, i) => {
    const value = finite(s.value, `steps[${i}].value`);
    const prev = i === 0 ? null : steps[i - 1]!.value;
    const fromPrevious = prev === null || prev === 0 ? null : (value / prev) * 100;
    const first = steps[0]!.value;
    return {
      i,
      label: String(s.label),
      value,
      fromPrevious,
      dropOff: fromPrevious === null ? null : 100 - fromPrevious,
      fromFirst: first === 0 ? null : (value / first) * 100,
    };
  });
  if (rows.length === 0 || rows.every((r) => r.value === 0)) return empty(title, width);

  const pct = (n: number | null) => (n === null ? '—' : formatPercent(n));
  const endText = (r: (typeof rows)[number]) =>
    r.i === 0 || r.dropOff === null ? fmt(r.value) : `${fmt(r.value)} · ${r.dropOff >= 0 ? 'perte' : 'hausse'} ${formatPercent(Math.abs(r.dropOff))}`;
  const max = Math.max(...rows.map((r) => r.value));
  const longest = Math.min(32, Math.max(...rows.map((r) => r.label.length)));
  const marginLeft = Math.max(60, longest * CHAR_WIDTH + 16);
  const valueRoom = Math.max(...rows.map((r) => endText(r).length)) * CHAR_WIDTH + 12;
  const svg = plot({
    width,
    height: rows.length * 40 + 16,
    marginTop: 8,
    marginLeft,
    marginRight: valueRoom + 8,
    marginBottom: 8,
    y: { type: 'band', domain: rows.map((r) => r.i), tickFormat: (i: number) => truncate(rows[i]!.label, 32), label: null, padding: 0.2, tickSize: 0 },
    x: { domain: [0, max], axis: null },
    marks: [
      // The previous step's width, pale, so the loss shows as the gap.
      Plot.barX(rows.filter((r) => r.i > 0), { y: 'i', x: (r: { i: number }) => rows[r.i - 1]!.value, fill: CHART_COLORS.light }),
      Plot.barX(rows, { y: 'i', x: 'value', fill: CHART_COLORS.teal, title: (r: (typeof rows)[number]) => `${r.label}${colon} ${endText(r)}` }),
      Plot.text(rows, { y: 'i', x: (r: { i: number; value: number }) => Math.max(r.value, r.i > 0 ? rows[r.i - 1]!.value : 0), text: endText, dx: 6, textAnchor: 'start', fill: CHART_COLORS.navy }),
    ],
  });

  const worst = rows.filter((r) => r.dropOff !== null).reduce<(typeof rows)[number] | null>((m, r) => (m === null || r.dropOff! > m.dropOff! ? r : m), null);
  const summary =
    `de ${fmt(rows[0]!.value)} (${rows[0]!.label}) à ${fmt(rows.at(-1)!.value)} (${rows.at(-1)!.label})` +
    (worst ? `, plus forte perte avant «${NNBSP}${worst.label}${NNBSP}» (${formatPercent(worst.dropOff!)})` : '');
  return {
    svg: finish(svg, title, `${title}${colon} ${summary}.`),
    table: htmlTable(
      title,
      ['Étape', 'Nombre', 'Part de l’étape précédente', 'Perte depuis l’étape précédente', 'Part de la première étape'],
      rows.map((r) => [r.label, fmt(r.value), r.i === 0 ? '—' : pct(r.fromPrevious), r.i === 0 ? '—' : pct(r.dropOff), pct(r.fromFirst)]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Progress gauge
// ---------------------------------------------------------------------------------------------

/** A small gauge of a KPI against its target, for a KPI card (hand-written, no Plot). */
export function progressBar(value: number | null, target: number, options: ProgressOptions = {}): ChartOutput {
  const width = options.width ?? 160;
  const height = 12;
  const label = options.label ?? 'Progression';
  const fmt = formatter(options.format);
  const what = options.direction === 'lower' ? 'plafond' : 'objectif';
  finite(target, 'target');
  if (value === null || !Number.isFinite(value)) {
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height });
    svg.appendChild(el('rect', { x: 0, y: 0, width, height, rx: height / 2, fill: CHART_COLORS.light }));
    return {
      svg: finish(svg, label, `${label}${colon} ${NO_DATA.toLowerCase()} (${what} ${fmt(target)}).`),
      table: htmlTable(label, ['Mesure', 'Valeur'], [['Valeur', NO_DATA], [options.direction === 'lower' ? 'Plafond' : 'Objectif', fmt(target)]]),
    };
  }
  const share = target > 0 ? (value / target) * 100 : null;
  const scale = Math.max(value, target, 0) || 1;
  const filled = (Math.max(0, value) / scale) * width;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height });
  svg.appendChild(el('rect', { x: 0, y: 0, width, height, rx: height / 2, fill: CHART_COLORS.light }));
  if (filled > 0) svg.appendChild(el('rect', { x: 0, y: 0, width: round(filled), height, rx: height / 2, fill: CHART_COLORS.teal }));
  // The target as a navy tick when the value went past it.
  if (value > target && target > 0) {
    const x = round((target / scale) * width);
    svg.appendChild(el('line', { x1: x, x2: x, y1: 0, y2: height, stroke: CHART_COLORS.navy, 'stroke-width': 2 }));
  }
  const text = `${fmt(value)} pour un ${what} de ${fmt(target)}${share === null ? '' : ` (${formatPercent(share)})`}`;
  return {
    svg: finish(svg, label, `${label}${colon} ${text}.`),
    table: htmlTable(label, ['Mesure', 'Valeur'], [
      ['Valeur', fmt(value)],
      [options.direction === 'lower' ? 'Plafond' : 'Objectif', fmt(target)],
      [options.direction === 'lower' ? 'Part du plafond' : 'Part de l’objectif', share === null ? '—' : formatPercent(share)],
    ]),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Re-exported for callers that format numbers next to a chart. */
export { formatCount, formatEur, formatPercent, formatRatio, NBSP, NNBSP };
