// `npm run bench`: one run, three tables, bench/results.json.
// 1. build: wall time and peak memory of a production build of the site, then of the site plus a
//    generated corpus of 1 000 and 4 000 extra MDX articles (in a temporary content folder, through
//    CONTENT_ROOT), cold and warm (second build, same caches), as ms per page;
// 2. page weight per template (gzip), from the byte budgets;
// 3. edge: requests/s and p50/p99 latency of the Node entry (npm start) on loopback for a static
//    page, an experiment page and a lead POST, with the experiment/static ratio.
//    Each corpus is also built by the bare Astro 7 fixture of bench/bare/ (MDX, sitemap, Tailwind v4,
//    one layout, the same articles), cold then warm (three warm builds of each, in turn, compared
//    by their medians), side by side in the same run: the site's warm
//    build must stay within 1.25× of the bare warm build's time and peak memory; then one article
//    is edited and the site built again (the search index is then rebuilt), shown beside the ratio;
// BENCH_SECONDS (default 10), BENCH_CONNECTIONS (10), BENCH_CORPUS ("1000,4000") and BENCH_WARM_RUNS
// (3: warm builds of each kind, in turn, compared by their medians) tune the run; BENCH_LOGS=folder
// keeps each build's output;
// BENCH_ONLY=build stops after the build table.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { floodRoutes } from './flood';
import { signLead } from '../src/edge/signing';
import { issueFormToken } from '../src/edge/form-token';
import { measureSite, weightTable } from './page-weight';
import { corpus } from './bench-corpus';

const CORES = cpus().length;
console.log(`Machine: ${CORES} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);

// ---------------------------------------------------------------------------------------------
// 1. Build
// ---------------------------------------------------------------------------------------------
type BuildResult = { label: string; pages: number; ms: number; msPerPage: number; peakMiB: number };

/** Resident memory (KiB) of a process and all its descendants (pagefind runs as a child binary). */
function treeRssKiB(pid: number): number {
  let total = 0;
  try {
    total = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) total += treeRssKiB(Number(child));
    }
  } catch {
    /* process ended */
  }
  return total;
}

/** Runs `astro build` and samples the peak resident memory of the process tree (Linux /proc). */
function timedBuild(label: string, env: Record<string, string>, outDir: string, root = '.'): Promise<BuildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // BENCH_LOGS=folder keeps each build's output there (one file per build), to see what a slow one did.
    const logFile = process.env.BENCH_LOGS ? join(process.env.BENCH_LOGS, `${label.replace(/[^A-Za-z0-9]+/g, '-')}.log`) : undefined;
    if (logFile) mkdirSync(process.env.BENCH_LOGS!, { recursive: true });
    const output = logFile ? openSync(logFile, 'w') : 'ignore';
    const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--root', root, '--outDir', outDir], { env: { ...process.env, ...env }, stdio: ['ignore', output, output] });
    let peakKiB = 0;
    const sample = setInterval(() => {
      try {
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKiB = Math.max(peakKiB, hwm, treeRssKiB(child.pid!));
      } catch {
        /* process ended */
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) return reject(new Error(`${label}: build failed (exit ${code})`));
      const ms = performance.now() - started;
      const count = (dir: string): number => readdirSync(dir).reduce((n, f) => (statSync(join(dir, f)).isDirectory() ? n + count(join(dir, f)) : n + (f === 'index.html' ? 1 : 0)), 0);
      const pages = count(outDir);
      resolve({ label, pages, ms: Math.round(ms), msPerPage: Math.round((ms / pages) * 10) / 10, peakMiB: Math.round(peakKiB / 1024) });
    });
  });
}

const buildResults: BuildResult[] = [];
type Comparison = { articles: number; bare: BuildResult; site: BuildResult; time: number; memory: number; ok: boolean; changed?: BuildResult };
const comparisons: Comparison[] = [];
const LIMIT = 1.25;
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 3);
const benchDir = mkdtempSync(join(tmpdir(), 'bench-build-'));
const sizes = (process.env.BENCH_CORPUS ?? '1000,4000').split(',').filter(Boolean).map(Number);
/** The median run of several (by time; memory, the median of the peaks). */
function median(label: string, runs: BuildResult[]): BuildResult {
  const middle = <T,>(values: T[], by: (v: T) => number) => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
  const ms = middle(runs, (r) => r.ms).ms;
  const peakMiB = middle(runs, (r) => r.peakMiB).peakMiB;
  return { label, pages: runs[0]!.pages, ms, msPerPage: Math.round((ms / runs[0]!.pages) * 10) / 10, peakMiB };
}
const log = (b: BuildResult) => console.log(`  built: ${b.label}: ${b.pages} pages, ${b.ms} ms (${b.msPerPage} ms/page), peak ${b.peakMiB} MiB`);
for (const extra of [0, ...sizes]) {
  const contentRoot = extra ? corpus(extra) : 'content';
  // One Astro cache and one OG cache per content folder: a data store never outlives its corpus.
  const env = { CONTENT_ROOT: contentRoot, ASTRO_CACHE_DIR: join(benchDir, `cache-${extra}`), OG_CACHE_DIR: join(benchDir, `og-${extra}`), BUILD_DATE: '2026-11-23' };
  const label = extra ? `site + ${extra} articles` : 'site';
  const site = (state: string) => timedBuild(`${label}, ${state}`, env, join(benchDir, `dist-${extra}`));
  if (!extra) {
    for (const state of ['cold', 'warm']) {
      const b = await site(state);
      buildResults.push(b);
      log(b);
    }
    continue;
  }
  // The baseline: the same articles through the bare fixture (its own cache and output folder).
  const bareEnv = { CONTENT_ROOT: contentRoot, ASTRO_CACHE_DIR: join(benchDir, `bare-cache-${extra}`) };
  const bare = (state: string) => timedBuild(`bare Astro, ${extra} articles, ${state}`, bareEnv, join(benchDir, `bare-dist-${extra}`), 'bench/bare');
  for (const b of [await bare('cold'), await site('cold')]) {
    buildResults.push(b);
    log(b);
  }
  // Warm builds, the bare one and the site's in turn, WARM_RUNS times each: these machines' noise
  // (±15 % on one build) falls on both, and the medians are compared.
  const bareRuns: BuildResult[] = [];
  const siteRuns: BuildResult[] = [];
  for (let run = 1; run <= WARM_RUNS; run++) {
    for (const [runs, build] of [[bareRuns, bare], [siteRuns, site]] as const) {
      const b = await build(`warm ${run}/${WARM_RUNS}`);
      runs.push(b);
      buildResults.push(b);
      log(b);
    }
  }
  const bareMedian = median(`bare Astro, ${extra} articles, warm (median of ${WARM_RUNS})`, bareRuns);
  const siteMedian = median(`${label}, warm (median of ${WARM_RUNS})`, siteRuns);
  buildResults.push(bareMedian, siteMedian);
  const time = siteMedian.ms / bareMedian.ms;
  const memory = siteMedian.peakMiB / bareMedian.peakMiB;
  // A day's build: one article edited, so the search index is built again from every page
  // (src/build/search-reuse.ts reuses it only when no page changed). Shown beside the ratio.
  const edited = join(contentRoot, 'articles', 'article-genere-0.mdx');
  writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nUn paragraphe ajouté pour la mesure d’une construction après une modification.\n`);
  const changed = await site('one article changed');
  buildResults.push(changed);
  log(changed);
  comparisons.push({ articles: extra, bare: bareMedian, site: siteMedian, time, memory, ok: time <= LIMIT && memory <= LIMIT, changed });
  rmSync(join(contentRoot, '..'), { recursive: true, force: true });
}
rmSync(benchDir, { recursive: true, force: true });

function printBuildTables() {
  console.log(`\nBuild (${CORES} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; OG images drawn on the cold build, cached on the warm one):\n`);
  console.log('| build | pages | time (ms) | ms per page | peak memory (MiB) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const b of buildResults) console.log(`| ${b.label} | ${b.pages} | ${b.ms} | ${b.msPerPage} | ${b.peakMiB} |`);
  if (!comparisons.length) return;
  console.log(`\nSite warm build against the bare Astro warm build of the same corpus (target ≤ ${LIMIT}× on both):\n`);
  console.log('| articles | bare (s, MiB) | site warm (s, MiB) | ratio time | ratio memory | verdict | one article changed (s, MiB, ratios) |');
  console.log('| ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const c of comparisons) {
    const changed = c.changed ? `${(c.changed.ms / 1000).toFixed(1)} s, ${c.changed.peakMiB} MiB, ×${(c.changed.ms / c.bare.ms).toFixed(2)}, ×${(c.changed.peakMiB / c.bare.peakMiB).toFixed(2)}` : '—';
    console.log(`| ${c.articles} | ${(c.bare.ms / 1000).toFixed(1)} s, ${c.bare.peakMiB} MiB | ${(c.site.ms / 1000).toFixed(1)} s, ${c.site.peakMiB} MiB | ×${c.time.toFixed(2)} | ×${c.memory.toFixed(2)} | ${c.ok ? `ok (≤ ${LIMIT}×)` : `over ${LIMIT}×`} | ${changed} |`);
  }
}

if (process.env.BENCH_ONLY === 'build') {
  printBuildTables();
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify({ date: new Date().toISOString(), cores: CORES, node: process.version, build: buildResults, comparisons }, null, 2)}\n`);
  console.log('\nWritten: bench/results.json');
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// 2. Page weight
// ---------------------------------------------------------------------------------------------
if (!existsSync('dist/index.html')) {
  console.error('dist/ is missing: run npm run build first.');
  process.exit(1);
}
const weights = measureSite('dist');

const PORT = Number(process.env.BENCH_PORT ?? 4488);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECRET = 'bench-secret';

// ---------------------------------------------------------------------------------------------
// 3. Edge
// ---------------------------------------------------------------------------------------------
const server = spawn(process.execPath, ['--import', 'tsx', 'src/edge/node.ts'], {
  // Every request comes from 127.0.0.1: the per-address limit is lifted to measure throughput
  // (the hostile floods below use the real body limits).
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LEADS_DB: join(mkdtempSync(join(tmpdir(), 'bench-')), 'leads.db'), FORM_SECRET: SECRET, ADMIN_TOKEN: 'bench-admin', LIMIT_PER_IP: '1000000/600', LIMIT_AB_UNITS_PER_IP: '1000000/3600', AUTOMATION_TICK_SECONDS: '0' },
  stdio: 'ignore',
});
process.on('exit', () => server.kill('SIGTERM'));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${ORIGIN}/api/health`)).ok) break;
  } catch {
    if (i > 100) throw new Error('server did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}

type Result = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number };
async function run(name: string, options: Record<string, unknown>): Promise<Result> {
  const result = await autocannon({ url: ORIGIN, connections: CONNECTIONS, duration: SECONDS, ...options });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const results: Result[] = [];
results.push(await run('static page (GET /formations/)', { path: '/formations/' }));
// A returning visitor: the edge's own signed id (a made-up one would be replaced at each request).
const visitor = await signLead(SECRET, 'visitor', '0f8fad5b-d9cb-469f-a165-70867728950e');
results.push(await run('experiment page (GET /, consent given)', { path: '/', headers: { cookie: `mf_consent=accept; mf_vid=${visitor}` } }));

// Each lead needs its own token (idempotency key), address and client address (rate limits).
const tokens = await Promise.all(Array.from({ length: 200_000 }, () => issueFormToken(SECRET, Date.now() - 5_000)));
let n = 0;
results.push(
  await run('lead POST (/api/leads, JSON, SQLite write)', {
    method: 'POST',
    requests: [
      {
        setupRequest: (request: { body?: string; headers?: Record<string, string> }) => {
          const i = n++;
          return {
            ...request,
            path: '/api/leads',
            headers: { 'content-type': 'application/json', accept: 'application/json', origin: ORIGIN },
            body: JSON.stringify({ kind: 'guide', firstName: 'Bench', email: `bench.${i}@example.fr`, formToken: tokens[i % tokens.length] }),
          };
        },
      },
    ],
  }),
);

// 200 MB bodies to every POST route: refused at the limit, the server's memory unmoved.
const floods = await floodRoutes(
  PORT,
  server.pid!,
  ['/api/leads', '/api/consent', '/api/events', '/api/unsubscribe/x', '/api/confirm/x', '/api/admin/enrolments'],
  { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', cookie: 'mf_consent=accept', authorization: 'Bearer bench-admin' },
  200 * 1024 * 1024,
);

const staticRps = results[0].rps;
printBuildTables();
console.log(`\nPage weight per template (gzip), CSS total ${(weights.cssTotal / 1024).toFixed(1)} KB, fonts ${(weights.fontsTotal / 1024).toFixed(1)} KB:\n`);
console.log(weightTable(weights.rows));
console.log(`\nEdge: Node entry, ${CONNECTIONS} connections, ${SECONDS} s per scenario, loopback:\n`);
console.log('| scenario | requests/s | p50 (ms) | p99 (ms) | errors | non-2xx/3xx |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
const ratio = results[1].rps / staticRps;
console.log(`\nexperiment / static throughput ratio: ${ratio.toFixed(2)}`);
console.log(`\n200 MB bodies, one per POST route (chunked, no Content-Length):\n`);
console.log('| route | status | sent before the answer (KiB) |');
console.log('| --- | ---: | ---: |');
for (const a of floods.answers) console.log(`| ${a.path} | ${a.status} | ${a.sentKiB} |`);
console.log(`\nserver RSS ${(floods.baselineKiB / 1024).toFixed(1)} MiB before, peak ${(floods.peakKiB / 1024).toFixed(1)} MiB: rise ${(floods.riseKiB / 1024).toFixed(1)} MiB (target < 20 MiB)`);
mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ date: new Date().toISOString(), cores: CORES, node: process.version, build: buildResults, comparisons, weight: { cssTotal: weights.cssTotal, fontsTotal: weights.fontsTotal, pages: weights.rows }, edge: { connections: CONNECTIONS, seconds: SECONDS, scenarios: results, experimentStaticRatio: ratio, floods } }, null, 2)}\n`,
);
console.log('\nWritten: bench/results.json');
server.kill('SIGTERM');
process.exit(0);
