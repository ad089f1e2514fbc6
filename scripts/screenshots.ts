// `npm run screenshots -- /path/ /other/ [--out dir] [--widths 390,1366] [--full]`: Chromium
// screenshots of pages served by a running `npm start` (BASE_URL, default http://localhost:4321),
// for a person to look at: a phone at 390 px and a desktop at 1 366 px by default.
// --cookie name=value (repeatable) sends a cookie, e.g. a console session (mf_admin=…).
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from './find-chromium.mjs';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: '.cache/screenshots' }, widths: { type: 'string', default: '390,1366' }, full: { type: 'boolean', default: false }, consent: { type: 'string' }, cookie: { type: 'string', multiple: true } } });
const base = process.env.BASE_URL ?? 'http://localhost:4321';
const browser = await chromium.launch({ executablePath: (await findChromium()) ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
mkdirSync(values.out!, { recursive: true });
for (const width of values.widths!.split(',').map(Number)) {
  const context = await browser.newContext({ viewport: { width, height: width < 800 ? 844 : 900 }, deviceScaleFactor: 1, locale: 'fr-FR' });
  if (values.consent) await context.addCookies([{ name: 'mf_consent', value: values.consent, url: base }]);
  for (const pair of values.cookie ?? []) {
    const [name, ...rest] = pair.split('=');
    await context.addCookies([{ name: name!, value: rest.join('='), url: base }]);
  }
  const page = await context.newPage();
  for (const path of positionals) {
    await page.goto(new URL(path, base).toString(), { waitUntil: 'networkidle' });
    if (values.full) {
      // Scroll through the page so that lazy images load, as they would for a reader, then back.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 600) {
          window.scrollTo(0, y);
          await new Promise((r) => setTimeout(r, 50));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForLoadState('networkidle');
    }
    const file = join(values.out!, `${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${width}.png`);
    await page.screenshot({ path: file, fullPage: values.full });
    console.log(file);
  }
  await context.close();
}
await browser.close();
