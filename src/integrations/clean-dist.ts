// Astro empties the output folder before building, one file at a time, in the build's own thread:
// with the OG images and the articles' share kits, thousands of files (0.4 s at 1 000 articles,
// 1.6 s at 4 000). Instead, the previous output is moved aside (one rename) and deleted by `rm`
// in the background, on the other core, while the build runs. When that cannot be done (no `rm`,
// another file system, a .git folder inside the output), Astro empties the folder as usual.
import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Moves `dir` aside and starts deleting it; false when it was left to Astro. */
export function moveAsideAndDelete(dir: string): boolean {
  if (process.platform === 'win32' || !existsSync(dir)) return false;
  const entries = readdirSync(dir);
  if (!entries.length || entries.includes('.git')) return false;
  const trash = join(dirname(dir), `.${basename(dir)}-trash-${process.pid}-${Date.now()}`);
  try {
    renameSync(dir, trash);
  } catch {
    return false;
  }
  mkdirSync(dir, { recursive: true });
  const rm = spawn('rm', ['-rf', trash], { detached: true, stdio: 'ignore' });
  // Without `rm`, the folder stays aside under its .…-trash- name; the build goes on.
  rm.on('error', () => {});
  rm.unref();
  return true;
}

export default function cleanDist(): AstroIntegration {
  let outDir = '';
  return {
    name: 'mecaformation:clean-dist',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir).replace(/[\\/]$/, '');
      },
      'astro:build:start': () => {
        moveAsideAndDelete(outDir);
      },
    },
  };
}
