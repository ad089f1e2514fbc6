// `npm run bench`: throughput and latency of the Node entry (npm start) on loopback, in one run:
// a plain static page, an experiment page (variant chosen and rewritten at the edge) and a lead
// POST (validation, scoring and a durable SQLite write). Needs a build (npm run build).
// BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 10) tune the run.
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { issueFormToken } from '../src/edge/form-token';

const PORT = Number(process.env.BENCH_PORT ?? 4488);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECRET = 'bench-secret';

if (!existsSync('dist/index.html')) {
  console.error('dist/ is missing: run npm run build first.');
  process.exit(1);
}
const server = spawn('node_modules/.bin/tsx', ['src/edge/node.ts'], {
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LEADS_DB: join(mkdtempSync(join(tmpdir(), 'bench-')), 'leads.db'), FORM_SECRET: SECRET },
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
async function run(name: string, options: autocannon.Options): Promise<Result> {
  const result = await autocannon({ url: ORIGIN, connections: CONNECTIONS, duration: SECONDS, ...options });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const results: Result[] = [];
results.push(await run('static page (GET /formations/)', { path: '/formations/' }));
results.push(await run('experiment page (GET /, consent given)', { path: '/', headers: { cookie: 'mf_consent=accept; mf_vid=0f8fad5b-d9cb-469f-a165-70867728950e' } }));

// Each lead needs its own token (idempotency key), address and client address (rate limits).
const tokens = await Promise.all(Array.from({ length: 200_000 }, () => issueFormToken(SECRET, Date.now() - 5_000)));
let n = 0;
results.push(
  await run('lead POST (/api/leads, JSON, SQLite write)', {
    method: 'POST',
    requests: [
      {
        setupRequest: (request) => {
          const i = n++;
          return {
            ...request,
            path: '/api/leads',
            headers: { 'content-type': 'application/json', accept: 'application/json', origin: ORIGIN, 'x-real-ip': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            body: JSON.stringify({ kind: 'guide', firstName: 'Bench', email: `bench.${i}@example.fr`, formToken: tokens[i % tokens.length] }),
          };
        },
      },
    ],
  }),
);

const staticRps = results[0].rps;
console.log(`\nNode entry, ${CONNECTIONS} connections, ${SECONDS} s per scenario, loopback:\n`);
console.log('| scenario | requests/s | p50 (ms) | p99 (ms) | errors | non-2xx/3xx |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
console.log(`\nexperiment / static throughput ratio: ${(results[1].rps / staticRps).toFixed(2)}`);
server.kill('SIGTERM');
process.exit(0);
