import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moveAsideAndDelete } from '../../src/integrations/clean-dist';

describe('moveAsideAndDelete', () => {
  it('leaves an empty output folder at once and deletes the previous one in the background', async () => {
    const root = mkdtempSync(join(tmpdir(), 'clean-dist-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'og'), { recursive: true });
    for (let i = 0; i < 50; i++) writeFileSync(join(dist, 'og', `${i}.png`), 'x');
    expect(moveAsideAndDelete(dist)).toBe(true);
    expect(readdirSync(dist)).toEqual([]);
    for (let i = 0; i < 100 && readdirSync(root).length > 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('leaves to Astro a folder holding .git, an empty one and a missing one', () => {
    const root = mkdtempSync(join(tmpdir(), 'clean-dist-'));
    const withGit = join(root, 'pages');
    mkdirSync(join(withGit, '.git'), { recursive: true });
    writeFileSync(join(withGit, 'index.html'), '');
    expect(moveAsideAndDelete(withGit)).toBe(false);
    expect(existsSync(join(withGit, 'index.html'))).toBe(true);
    mkdirSync(join(root, 'empty'));
    expect(moveAsideAndDelete(join(root, 'empty'))).toBe(false);
    expect(moveAsideAndDelete(join(root, 'missing'))).toBe(false);
  });
});
