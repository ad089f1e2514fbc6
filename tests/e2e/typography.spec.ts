// French typography over the whole build: on every page of dist/ (noindex pages and A/B variants
// included), no number is separated from its unit by a breakable space (« 780 h », « 25 ans »,
// « 1 500 V »), in the text a reader sees and in the readable attributes. The auditor
// (tests/shared/typography-audit.ts) is independent of src/lib/typography.ts.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { htmlFiles } from '../../scripts/validate-html.mjs';
import { brokenUnits } from '../shared/typography-audit';

test('no number is split from its unit on any built page', () => {
  const files = htmlFiles('dist');
  expect(files.length).toBeGreaterThan(50);
  const problems = files.flatMap((file) => brokenUnits(readFileSync(file, 'utf8')).map((context) => `/${relative('dist', file)}: « ${context} »`));
  expect(problems).toEqual([]);
});

test('the units are bound with U+00A0 where visitors read them: a training page and the home page', () => {
  const training = readFileSync('dist/formations/cap-maintenance-vehicules/index.html', 'utf8');
  expect(training).toContain('780\u00a0h');
  expect(training).toMatch(/\d\u00a0semaines/);
  expect(readFileSync('dist/index.html', 'utf8')).toMatch(/25\u00a0ans/);
});
