// Server-rendered SVG charts (src/console/charts.ts): accessible, CSP-safe, escaped, French.
import { describe, expect, it } from 'vitest';
import { DOMParser } from 'linkedom';
import { parse as parseHtml } from 'node-html-parser';
import { barChart, CHART_COLORS, escapeHtml, funnelChart, lineChart, NO_DATA, progressBar, type ChartOutput } from '../../src/console/charts';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** The SVG as a browser reads it: inline in an HTML page. */
function svgDoc(svg: string): Element {
  const doc = new DOMParser().parseFromString(`<!doctype html><html><body>${svg}</body></html>`, 'text/html') as unknown as Document;
  const root = doc.querySelector('svg')!;
  expect(root.localName).toBe('svg');
  expect(doc.body.children.length).toBe(1);
  return root;
}

const all = (root: Element, selector: string): Element[] => Array.from(root.querySelectorAll(selector));

/** The rows of the table as text cells (header row included). */
function tableCells(table: string): string[][] {
  const t = parseHtml(table).querySelector('table')!;
  return t.querySelectorAll('tr').map((tr) => tr.querySelectorAll('th, td').map((c) => c.text));
}

/** « 1 234,5 € » → 1234.5 */
const frNumber = (s: string) => Number(s.replace(/[\s\u202f\u00a0€%]/g, '').replace(',', '.'));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

/** Checks shared by every chart. */
function checkCommon(out: ChartOutput, title: string) {
  const { svg, table } = out;
  expect(svg.startsWith('<svg ')).toBe(true);
  // CSP: no style element or attribute, no script, no handler, no HTML island.
  expect(svg).not.toMatch(/<style/i);
  expect(svg).not.toMatch(/\sstyle=/i);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/\son\w+=/i);
  expect(svg).not.toMatch(/foreignObject/i);
  expect(svg).not.toMatch(/class="[^"]*plot-/);
  // Valid HTML (Nu Html Checker): SVG's font-variant takes only normal or small-caps.
  expect(svg).not.toMatch(/\sfont-variant=/);
  expect(svg).not.toMatch(/<[^>]*\sclass="[^"]*"[^>]*\sclass="/);
  expect(table).not.toMatch(/style=|<script/i);

  const root = svgDoc(svg);
  expect(root.getAttribute('role')).toBe('img');
  expect(root.getAttribute('aria-label')).toMatch(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(root.firstElementChild!.localName).toBe('title');
  expect(root.firstElementChild!.textContent).toBe(title);
  expect(root.getAttribute('font-family')).toBe('inherit');
  expect(root.getAttribute('fill')).toBe('currentColor');
  expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);

  // Every text is navy or ink (at least 4.5:1 on white).
  const rootColor = root.getAttribute('color')!;
  for (const text of all(root, 'text')) {
    let fill: string | null = null;
    for (let n: Element | null = text; n && !fill; n = n.parentElement) fill = n.getAttribute('fill');
    const colour = fill === 'currentColor' ? rootColor : fill!;
    expect(contrastOnWhite(colour), `${text.textContent} in ${colour}`).toBeGreaterThanOrEqual(4.5);
  }
  // Only brand colours.
  const brand = new Set<string>(Object.values(CHART_COLORS));
  for (const m of svg.matchAll(/(?:fill|stroke|color)="(#[0-9a-f]{6})"/gi)) expect(brand.has(m[1]!.toLowerCase()), m[1]).toBe(true);

  const t = parseHtml(table).querySelector('table')!;
  expect(t.querySelector('caption')!.text).toContain(title);
}

const months = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
const visitors = [1200, 1510, 1820, 2130, 2440, 2750];
const leads = [40, 62, 84, 106, 128, 150];

describe('lineChart', () => {
  const out = lineChart({
    title: 'Visiteurs et leads par mois',
    yLabel: 'Nombre',
    series: [
      { label: 'Visiteurs', points: months.map((x, i) => ({ x, y: visitors[i]! })) },
      { label: 'Leads', points: months.map((x, i) => ({ x, y: leads[i]! })) },
    ],
  });

  it('is an accessible, CSP-safe SVG', () => {
    checkCommon(out, 'Visiteurs et leads par mois');
    const root = svgDoc(out.svg);
    expect(root.getAttribute('aria-label')).toBe(
      `Visiteurs et leads par mois. Visiteurs${NNBSP}: de 1${NNBSP}200 (juil. 2026) à 2${NNBSP}750 (déc. 2026), au plus 2${NNBSP}750 (déc. 2026) ; Leads${NNBSP}: de 40 (juil. 2026) à 150 (déc. 2026), au plus 150 (déc. 2026).`,
    );
    // Two lines in two brand colours, one dashed; a legend naming both.
    const lines = all(root, 'g[stroke-width="2.5"]').filter((g) => g.querySelector('path'));
    expect(lines.map((g) => [g.getAttribute('stroke'), g.getAttribute('stroke-dasharray')])).toEqual([
      [CHART_COLORS.teal, null],
      [CHART_COLORS.navy, '6 4'],
    ]);
    const texts = all(root, 'text').map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Visiteurs', 'Leads', 'Nombre', 'juil. 2026', 'déc. 2026', `2${NNBSP}500`]));
    // Plot's tabular figures on the axes, as the site's class instead of an invalid attribute.
    expect(all(root, 'g.tabular-nums').length).toBeGreaterThan(0);
    // Each point has a native tooltip.
    expect(all(root, 'circle title').map((t) => t.textContent)).toContain(`Visiteurs${NNBSP}: 2${NNBSP}750 (déc. 2026)`);
  });

  it('puts the same numbers in the table, French-formatted', () => {
    const cells = tableCells(out.table);
    expect(cells[0]).toEqual(['Mois', 'Visiteurs', 'Leads']);
    expect(cells.slice(1).map((r) => r[0])).toEqual(['juil. 2026', 'août 2026', 'sept. 2026', 'oct. 2026', 'nov. 2026', 'déc. 2026']);
    expect(cells.slice(1).map((r) => frNumber(r[1]!))).toEqual(visitors);
    expect(cells.slice(1).map((r) => frNumber(r[2]!))).toEqual(leads);
    expect(cells[1]![1]).toBe(`1${NNBSP}200`);
    expect(parseHtml(out.table).querySelector('caption')!.text).toBe('Visiteurs et leads par mois (Nombre)');
  });

  it('formats days in French and in Paris time, with a dash for a missing point', () => {
    const days = lineChart({
      title: 'Leads par jour',
      yLabel: 'Leads',
      series: [
        // 23:30 UTC on 30 November is 1 December in Paris.
        { label: 'Leads', points: [{ x: new Date('2026-11-30T23:30:00Z'), y: 3 }, { x: '2026-12-02', y: 1000 }, { x: '2026-12-03T10:00:00+01:00', y: 5 }] },
        { label: 'Leads qualifiés', points: [{ x: '2026-12-02', y: 2 }] },
      ],
    });
    checkCommon(days, 'Leads par jour');
    const cells = tableCells(days.table);
    expect(cells.slice(1)).toEqual([
      ['1er déc. 2026', '3', '—'],
      ['2 déc. 2026', `1${NNBSP}000`, '2'],
      ['3 déc. 2026', '5', '—'],
    ]);
  });

  it('uses the value format on the axis and in the table', () => {
    const eur = lineChart({ title: 'Coût par lead', yLabel: 'Coût', yFormat: 'eur', series: [{ label: 'Coût', points: [{ x: '2026-11', y: 15 }, { x: '2026-12', y: 1490 }] }] });
    expect(tableCells(eur.table).slice(1)).toEqual([
      ['nov. 2026', `15${NBSP}€`],
      ['déc. 2026', `1${NNBSP}490${NBSP}€`],
    ]);
    expect(all(svgDoc(eur.svg), 'text').map((t) => t.textContent)).toContain(`1${NNBSP}000${NBSP}€`);
    const pct = lineChart({ title: 'Taux', yLabel: 'Taux', yFormat: 'percent', series: [{ label: 'Taux', points: [{ x: '2026-12', y: 8 }] }] });
    expect(tableCells(pct.table)[1]).toEqual(['déc. 2026', `8${NBSP}%`]);
    checkCommon(pct, 'Taux');
  });

  it('says « Aucune donnée pour cette période » instead of drawing an empty chart', () => {
    for (const series of [[], [{ label: 'Visiteurs', points: [] }]]) {
      const out = lineChart({ title: 'Visiteurs', yLabel: 'Visiteurs', series });
      checkCommon(out, 'Visiteurs');
      expect(svgDoc(out.svg).getAttribute('aria-label')).toBe(`Visiteurs${NNBSP}: aucune donnée pour cette période.`);
      expect(svgDoc(out.svg).querySelector('text')!.textContent).toBe(NO_DATA);
      expect(tableCells(out.table)).toEqual([[NO_DATA]]);
    }
  });

  it('refuses a point that is not a number or not a date', () => {
    expect(() => lineChart({ title: 'x', yLabel: 'y', series: [{ label: 'a', points: [{ x: '2026-12', y: Number.NaN }] }] })).toThrow(/series\[0\]\.points\[0\]\.y/);
    expect(() => lineChart({ title: 'x', yLabel: 'y', series: [{ label: 'a', points: [{ x: 'hier', y: 1 }] }] })).toThrow(/series\[0\]\.points\[0\]\.x/);
  });

  it('renders the same string twice (cacheable)', () => {
    const again = lineChart({
      title: 'Visiteurs et leads par mois',
      yLabel: 'Nombre',
      series: [
        { label: 'Visiteurs', points: months.map((x, i) => ({ x, y: visitors[i]! })) },
        { label: 'Leads', points: months.map((x, i) => ({ x, y: leads[i]! })) },
      ],
    });
    expect(again).toEqual(out);
  });
});

describe('barChart', () => {
  const bars = [
    { label: 'google', value: 1200 },
    { label: '<b>"x"</b> & \'y\'', value: 300 },
    { label: '(direct)', value: 0 },
  ];

  it('draws horizontal and vertical bars with their values', () => {
    for (const horizontal of [true, false]) {
      const out = barChart({ title: 'Leads par source', bars, horizontal, valueLabel: 'Leads', categoryLabel: 'Source' });
      checkCommon(out, 'Leads par source');
      const root = svgDoc(out.svg);
      expect(all(root, `rect[fill="${CHART_COLORS.teal}"]`).length + all(root, `g[fill="${CHART_COLORS.teal}"] rect`).length).toBe(3);
      const texts = all(root, 'text').map((t) => t.textContent);
      expect(texts).toEqual(expect.arrayContaining(['google', '<b>"x"</b> & \'y\'', `1${NNBSP}200`, '300', '0']));
      expect(root.getAttribute('aria-label')).toBe(`Leads par source. 3 barres, la plus haute${NNBSP}: «${NNBSP}google${NNBSP}» (1${NNBSP}200).`);
      const cells = tableCells(out.table);
      expect(cells).toEqual([
        ['Source', 'Leads'],
        ['google', `1${NNBSP}200`],
        ['<b>"x"</b> & \'y\'', '300'],
        ['(direct)', '0'],
      ]);
      expect(cells.slice(1).map((r) => frNumber(r[1]!))).toEqual(bars.map((b) => b.value));
    }
  });

  it('escapes labels from data in the SVG and in the table', () => {
    const out = barChart({ title: 'Titre <i>&</i> "q"', bars });
    for (const html of [out.svg, out.table]) {
      expect(html).not.toContain('<b>');
      expect(html).not.toContain('<i>');
      expect(html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; &#39;y&#39;');
    }
    // Attribute values are escaped too (aria-label, tooltips).
    expect(out.svg).toContain('aria-label="Titre &lt;i&gt;&amp;&lt;/i&gt; &quot;q&quot;. 3 barres');
    expect(svgDoc(out.svg).querySelector('title')!.textContent).toBe('Titre <i>&</i> "q"');
    expect(parseHtml(out.table).querySelector('caption')!.text).toBe('Titre <i>&</i> "q"');
    expect(out.table).toContain('<caption>Titre &lt;i&gt;&amp;&lt;/i&gt; &quot;q&quot;</caption>');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('rotates long labels of vertical bars and keeps long labels whole in the table', () => {
    const long = [
      { label: '/formation-mecanique-automobile/', value: 12 },
      { label: '/cap-maintenance-vehicules-primo-arrivant/', value: 7 },
    ];
    const out = barChart({ title: 'Pages d’entrée', bars: long });
    checkCommon(out, 'Pages d’entrée');
    expect(out.svg).toMatch(/rotate\(-35\)/);
    expect(tableCells(out.table).slice(1).map((r) => r[0])).toEqual(long.map((b) => b.label));
  });

  it('formats euros and says when there is nothing to show', () => {
    const out = barChart({ title: 'Coût par lead', bars: [{ label: 'Formation générale', value: 13.333 }], format: 'eur', horizontal: true });
    expect(tableCells(out.table)[1]).toEqual(['Formation générale', `13,33${NBSP}€`]);
    const none = barChart({ title: 'Leads par région', bars: [] });
    checkCommon(none, 'Leads par région');
    expect(none.svg).toContain(NO_DATA);
    expect(none.table).toContain(NO_DATA);
  });
});

describe('funnelChart', () => {
  const steps = [
    { label: 'Arrivée sur le site', value: 2000 },
    { label: 'Page formation vue', value: 800 },
    { label: 'Formulaire commencé', value: 200 },
    { label: 'Demande envoyée (lead)', value: 50 },
    { label: 'Inscription', value: 5 },
  ];
  const out = funnelChart(steps);

  it('draws the steps with the drop-off between them', () => {
    checkCommon(out, 'Entonnoir de conversion');
    const root = svgDoc(out.svg);
    const texts = all(root, 'text').map((t) => t.textContent);
    expect(texts).toEqual(
      expect.arrayContaining(['Arrivée sur le site', `2${NNBSP}000`, `800 · perte 60${NBSP}%`, `200 · perte 75${NBSP}%`, `5 · perte 90${NBSP}%`]),
    );
    expect(root.getAttribute('aria-label')).toBe(
      `Entonnoir de conversion${NNBSP}: de 2${NNBSP}000 (Arrivée sur le site) à 5 (Inscription), plus forte perte avant «${NNBSP}Inscription${NNBSP}» (90${NBSP}%).`,
    );
  });

  it('gives the same numbers and percentages in the table', () => {
    const cells = tableCells(out.table);
    expect(cells[0]).toEqual(['Étape', 'Nombre', 'Part de l’étape précédente', 'Perte depuis l’étape précédente', 'Part de la première étape']);
    expect(cells.slice(1)).toEqual([
      ['Arrivée sur le site', `2${NNBSP}000`, '—', '—', `100${NBSP}%`],
      ['Page formation vue', '800', `40${NBSP}%`, `60${NBSP}%`, `40${NBSP}%`],
      ['Formulaire commencé', '200', `25${NBSP}%`, `75${NBSP}%`, `10${NBSP}%`],
      ['Demande envoyée (lead)', '50', `25${NBSP}%`, `75${NBSP}%`, `2,5${NBSP}%`],
      ['Inscription', '5', `10${NBSP}%`, `90${NBSP}%`, `0,25${NBSP}%`],
    ]);
  });

  it('handles a step after 0, a step that grows, and an empty funnel', () => {
    const odd = funnelChart([{ label: 'A', value: 0 }, { label: 'B', value: 3 }, { label: 'C', value: 6 }], { title: 'Entonnoir' });
    checkCommon(odd, 'Entonnoir');
    expect(tableCells(odd.table).slice(1)).toEqual([
      ['A', '0', '—', '—', '—'],
      ['B', '3', '—', '—', '—'],
      ['C', '6', `200${NBSP}%`, `-100${NBSP}%`, '—'],
    ]);
    expect(all(svgDoc(odd.svg), 'text').map((t) => t.textContent)).toContain(`6 · hausse 100${NBSP}%`);
    const none = funnelChart([]);
    expect(none.svg).toContain(NO_DATA);
    expect(funnelChart([{ label: 'A', value: 0 }]).table).toContain(NO_DATA);
  });
});

describe('progressBar', () => {
  it('draws a gauge with the target', () => {
    const out = progressBar(3100, 5000, { label: 'Visiteurs uniques' });
    checkCommon(out, 'Visiteurs uniques');
    const root = svgDoc(out.svg);
    expect(root.getAttribute('aria-label')).toBe(`Visiteurs uniques${NNBSP}: 3${NNBSP}100 pour un objectif de 5${NNBSP}000 (62${NBSP}%).`);
    const rects = all(root, 'rect');
    expect(rects.map((r) => [r.getAttribute('fill'), r.getAttribute('width')])).toEqual([
      [CHART_COLORS.light, '160'],
      [CHART_COLORS.teal, '99.2'],
    ]);
    expect(tableCells(out.table)).toEqual([
      ['Mesure', 'Valeur'],
      ['Valeur', `3${NNBSP}100`],
      ['Objectif', `5${NNBSP}000`],
      ['Part de l’objectif', `62${NBSP}%`],
    ]);
  });

  it('marks the target when the value went past it, and says « plafond » for a cost', () => {
    const out = progressBar(30, 15, { label: 'Coût par lead', format: 'eur', direction: 'lower' });
    checkCommon(out, 'Coût par lead');
    const root = svgDoc(out.svg);
    expect(root.querySelector('line')!.getAttribute('x1')).toBe('80');
    expect(root.getAttribute('aria-label')).toBe(`Coût par lead${NNBSP}: 30${NBSP}€ pour un plafond de 15${NBSP}€ (200${NBSP}%).`);
    expect(tableCells(out.table)[3]).toEqual(['Part du plafond', `200${NBSP}%`]);
  });

  it('shows no data for a null value, and never divides by a zero target', () => {
    const none = progressBar(null, 400, { label: 'Leads qualifiés' });
    checkCommon(none, 'Leads qualifiés');
    expect(none.svg).toContain(`aria-label="Leads qualifiés${NNBSP}: aucune donnée pour cette période (objectif 400)."`);
    expect(none.table).toContain(NO_DATA);
    const zero = progressBar(0, 0, { label: 'Rien' });
    expect(zero.svg).not.toMatch(/NaN|Infinity/);
    expect(tableCells(zero.table)[3]).toEqual(['Part de l’objectif', '—']);
  });
});
