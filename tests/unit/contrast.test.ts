// Every text/background pair the design uses, from the theme tokens of src/styles/global.css,
// meets WCAG 2.2 AA contrast (4.5:1 for text; the brand brief asks AA or better everywhere).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const css = readFileSync('src/styles/global.css', 'utf8');
const tokens = Object.fromEntries([...css.matchAll(/--color-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
tokens.white = '#ffffff';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

// [text, background, where it is used]
const PAIRS: [string, string, string][] = [
  ['navy-900', 'white', 'body text'],
  ['navy-950', 'white', 'headings'],
  ['teal-700', 'white', 'links, technology labels'],
  ['ink-600', 'white', 'secondary text, breadcrumbs'],
  ['ink-600', 'navy-50', 'secondary text on light sections'],
  ['teal-700', 'navy-50', 'links on light sections'],
  ['navy-950', 'amber-400', 'primary buttons'],
  ['navy-950', 'amber-300', 'primary buttons, hover'],
  ['navy-950', 'amber-100', 'notices'],
  ['white', 'navy-950', 'hero and footer text'],
  ['navy-100', 'navy-950', 'hero subtitle, footer links'],
  ['teal-100', 'navy-950', 'hero eyebrow, h1 of landing pages'],
  ['white', 'navy-900', 'active category pill'],
  ['navy-900', 'teal-100', 'badges on teal'],
];

describe('colour contrast of the theme', () => {
  it('reads every token used below', () => {
    for (const [fg, bg] of PAIRS) {
      expect(tokens[fg], fg).toMatch(/^#/);
      expect(tokens[bg], bg).toMatch(/^#/);
    }
  });
  for (const [fg, bg, use] of PAIRS) {
    it(`${fg} on ${bg} (${use}) ≥ 4.5:1`, () => {
      expect(contrast(tokens[fg], tokens[bg])).toBeGreaterThanOrEqual(4.5);
    });
  }
  it('computes the WCAG reference values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
