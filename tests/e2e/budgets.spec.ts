// Byte budgets on the built site, gzip-compressed (issue "Fast by construction"): a table of the
// heaviest page of each kind, and a failure naming the page and resource over budget.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BUDGETS, measureSite, weightTable } from '../../scripts/page-weight';

const { rows, cssTotal, fontsTotal, pages } = measureSite('dist');
const kb = (n: number) => (n / 1024).toFixed(1);

test('byte budgets (gzip): HTML, CSS, JavaScript, fonts, LCP image', () => {
  console.log(`${weightTable(rows)}\n\nCSS total : ${kb(cssTotal)} Ko (budget ${kb(BUDGETS.cssTotal)}) · polices : ${kb(fontsTotal)} Ko (budget ${kb(BUDGETS.fontsTotal)})`);
  const over: string[] = [];
  for (const r of rows) {
    if (r.html > BUDGETS.html) over.push(`${r.page} : HTML ${kb(r.html)} Ko > ${kb(BUDGETS.html)} Ko`);
    const jsBudget = r.interactive ? BUDGETS.jsInteractive : BUDGETS.jsPlain;
    if (r.js > jsBudget) over.push(`${r.page} : JavaScript ${kb(r.js)} Ko > ${kb(jsBudget)} Ko`);
    if (r.lcpImage !== null && r.lcpImage > BUDGETS.lcpImage) over.push(`${r.page} : image LCP ${kb(r.lcpImage)} Ko > ${kb(BUDGETS.lcpImage)} Ko`);
  }
  if (cssTotal > BUDGETS.cssTotal) over.push(`CSS total ${kb(cssTotal)} Ko > ${kb(BUDGETS.cssTotal)} Ko`);
  if (fontsTotal > BUDGETS.fontsTotal) over.push(`polices ${kb(fontsTotal)} Ko > ${kb(BUDGETS.fontsTotal)} Ko`);
  expect(over).toEqual([]);
});

test('every image has width and height, and the LCP image a modern format', () => {
  const problems: string[] = [];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    for (const img of html.match(/<img[^>]*>/g) ?? []) {
      if (!/\swidth=/.test(img) || !/\sheight=/.test(img)) problems.push(`${file}: ${img.slice(0, 80)} sans width/height`);
      if (/fetchpriority="high"/.test(img) && !/\.(avif|webp|svg)["?]/.test(img)) problems.push(`${file}: image LCP pas en AVIF/WebP`);
    }
  }
  expect(problems).toEqual([]);
});
