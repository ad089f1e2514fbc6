// `tsx scripts/fonts/measure-fallbacks.ts`: the size-adjust of each metric-adjusted fallback of
// src/styles/global.css, measured in the system Chromium: the width of a French paragraph set in
// Figtree (src/assets/fonts/figtree-latin.woff2) divided by its width in each local fallback, at
// 400 (text) and at 700 and 800 (headings). A fallback that is not installed is reported as such:
// Liberation Sans (Arial's metrics) comes with Debian's fonts-liberation.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { findChromium } from '../find-chromium.mjs';

const FALLBACKS = ['Liberation Sans', 'Arial', 'DejaVu Sans'];
const TEXT = 'Avec votre accord, nous mesurons de façon anonyme quelle version de nos pages vous aide le plus. Maintenance des véhicules électriques : 890 € pour les primo-arrivants, CAP MVA à distance en 780 h. Équipe garage électrique et hybride.';

const executablePath = await findChromium();
if (!executablePath) throw new Error('No Chromium: sudo apt-get install -y chromium');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const font = readFileSync('src/assets/fonts/figtree-latin.woff2').toString('base64');
// A string, not a function: tsx would wrap a function's helpers in names the page does not have.
const widths = (await page.evaluate(`(async () => {
  const bytes = Uint8Array.from(atob(${JSON.stringify(font)}), (c) => c.charCodeAt(0));
  const face = new FontFace('Figtree', bytes.buffer, { weight: '300 900' });
  await face.load();
  document.fonts.add(face);
  const width = (family, weight) => {
    const span = document.createElement('span');
    span.style.cssText = 'position:absolute;white-space:nowrap;font:' + weight + ' 100px ' + family;
    span.textContent = ${JSON.stringify(TEXT)};
    document.body.append(span);
    const w = span.getBoundingClientRect().width;
    span.remove();
    return w;
  };
  const out = {};
  for (const family of ['Figtree', ...${JSON.stringify(FALLBACKS)}]) {
    // Not installed: the span falls back to monospace (fontconfig may alias Arial to Liberation Sans).
    out[family] = { installed: width('"' + family + '", monospace', 400) !== width('monospace', 400) };
    for (const weight of [400, 700, 800]) out[family][weight] = width('"' + family + '", monospace', weight);
  }
  return out;
})()`)) as Record<string, { installed: boolean } & Record<400 | 700 | 800, number>>;
await browser.close();

const figtree = widths.Figtree;
for (const family of FALLBACKS) {
  const w = widths[family];
  if (!w.installed) {
    console.log(`${family}: not installed`);
    continue;
  }
  const pct = (weight: 400 | 700 | 800) => `${((figtree[weight] / w[weight]) * 100).toFixed(1)} %`;
  console.log(`${family}: size-adjust ${pct(400)} at 400, ${pct(700)} at 700, ${pct(800)} at 800 (against its bold)`);
}
