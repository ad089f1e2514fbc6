// astro.config.mjs and everything it imports load in Node itself (type stripping: explicit .ts
// extensions, no enum, namespace or parameter property). Otherwise Astro silently falls back to
// a Vite server to load the config, which costs time and memory at each build, and the hooks'
// lazy import()s (satori, pdfkit, linkedom, loaded only when needed) fail once that server is
// closed.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('astro.config.mjs', () => {
  it('is imported by Node without Vite', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('./astro.config.mjs'); console.log('loaded')"], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.stderr.split('\n').filter((l) => /Error|error:/.test(l)).join('\n')).toBe('');
    expect(run.stdout.trim()).toBe('loaded');
  }, 30_000);
});
