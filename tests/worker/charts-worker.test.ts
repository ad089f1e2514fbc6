// The charts in the real Workers runtime (workerd) under miniflare: a tiny Worker importing
// src/console/charts.ts, bundled as wrangler would bundle it (esbuild, platform neutral, workerd
// conditions), renders the charts; the output must be the same as in Node (Plot, linkedom and
// Intl fr-FR behave the same). Also reports what the charts add to a Worker bundle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { Miniflare } from 'miniflare';
import { WORKERD_BUILD } from '../shared/worker-bundle';
import { barChart, funnelChart, lineChart, progressBar } from '../../src/console/charts';

const DIR = join('.cache', 'worker-charts');
const CHARTS = resolve('src/console/charts.ts');

const INPUT = {
  line: {
    title: 'Visiteurs et leads par mois',
    yLabel: 'Nombre',
    series: [
      { label: 'Visiteurs', points: [{ x: '2026-11', y: 2440 }, { x: '2026-12', y: 2750 }] },
      { label: 'Leads <qualifiés>', points: [{ x: '2026-11', y: 128 }, { x: '2026-12', y: 150 }] },
    ],
  },
  bar: { title: 'Leads par source', bars: [{ label: 'google', value: 1200 }, { label: '(direct)', value: 300 }], horizontal: true },
  funnel: [{ label: 'Arrivée sur le site', value: 2000 }, { label: 'Page formation vue', value: 800 }],
  progress: [3100, 5000],
};

let mf: Miniflare;
let sizes: { minified: number; gzip: number; baselineGzip: number; byPackage: [string, number][] };

async function bundle(entry: string, out: string): Promise<{ bytes: Buffer; metafile: Metafile }> {
  const result = await build({ ...WORKERD_BUILD, entryPoints: [entry], outfile: out, minify: true, metafile: true });
  return { bytes: readFileSync(out), metafile: result.metafile };
}

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  // Inside the project: workerd refuses module paths outside its starting directory.
  const entry = join(DIR, 'entry.ts');
  writeFileSync(
    entry,
    `import { barChart, funnelChart, lineChart, progressBar } from ${JSON.stringify(CHARTS)};
export default {
  async fetch(request) {
    const input = await request.json();
    try {
      return Response.json({
        line: lineChart(input.line),
        bar: barChart(input.bar),
        funnel: funnelChart(input.funnel),
        progress: progressBar(input.progress[0], input.progress[1], { label: 'Visiteurs uniques' }),
        empty: lineChart({ title: 'Rien', yLabel: 'x', series: [] }),
      });
    } catch (e) {
      return new Response(String(e && e.stack), { status: 500 });
    }
  },
};
`,
  );
  const baselineEntry = join(DIR, 'baseline.ts');
  writeFileSync(baselineEntry, 'export default { fetch() { return new Response("ok"); } };\n');
  const script = join(DIR, 'worker.mjs');
  const { bytes, metafile } = await bundle(entry, script);
  const baseline = await bundle(baselineEntry, join(DIR, 'baseline.mjs'));
  const byPackage = new Map<string, number>();
  for (const [path, info] of Object.entries(Object.values(metafile.outputs)[0]!.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1]! : path.replace(/^.*?src\//, 'src/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
  }
  sizes = {
    minified: bytes.length,
    gzip: gzipSync(bytes).length,
    baselineGzip: gzipSync(baseline.bytes).length,
    byPackage: [...byPackage].sort((a, b) => b[1] - a[1]),
  };
  mf = new Miniflare({ modules: true, scriptPath: script, compatibilityDate: '2026-04-01', compatibilityFlags: ['nodejs_compat'] });
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describe('charts in workerd', () => {
  it('renders the same SVG and table as in Node', async () => {
    const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(INPUT) });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = JSON.parse(text) as Record<string, { svg: string; table: string }>;
    expect(body.line!.svg.startsWith('<svg ')).toBe(true);
    expect(body.line!.svg).toContain('role="img"');
    expect(body.line!.svg).toContain('Leads &lt;qualifiés&gt;');
    expect(body.line!.table).toContain('<td>2\u202f750</td>');
    expect(body.line).toEqual(lineChart(INPUT.line));
    expect(body.bar).toEqual(barChart(INPUT.bar));
    expect(body.funnel).toEqual(funnelChart(INPUT.funnel));
    expect(body.progress).toEqual(progressBar(3100, 5000, { label: 'Visiteurs uniques' }));
    expect(body.empty!.svg).toContain('Aucune donnée pour cette période');
  });

  it('adds a bounded weight to a Worker bundle', () => {
    const added = sizes.gzip - sizes.baselineGzip;
    console.log(
      `charts bundle: ${(sizes.minified / 1024).toFixed(0)} KiB minified, ${(sizes.gzip / 1024).toFixed(0)} KiB gzip (${(added / 1024).toFixed(0)} KiB over an empty Worker); largest inputs: ` +
        sizes.byPackage.slice(0, 8).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KiB`).join(', '),
    );
    // Workers' limit is 3 MB gzip on the free plan (10 MB paid); keep the charts well below.
    expect(added).toBeLessThan(300 * 1024);
  });
});
