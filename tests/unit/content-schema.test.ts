// The content contract, exercised the way the content team meets it: `astro sync` on a copy of
// content/ with one broken file must fail with a message naming that file and that field.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmpRoots: string[] = [];

function copyContent(): string {
  const root = mkdtempSync(join(tmpdir(), 'meca-content-'));
  tmpRoots.push(root);
  cpSync('content', join(root, 'content'), { recursive: true });
  return join(root, 'content');
}

function sync(contentRoot: string, command: 'sync' | 'build' = 'sync') {
  const args = command === 'build' ? ['build', '--outDir', join(contentRoot, '..', 'dist')] : ['sync'];
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', ...args], {
    env: { ...process.env, CONTENT_ROOT: contentRoot, ASTRO_CACHE_DIR: join(contentRoot, '..', '.cache'), FORCE_COLOR: '0', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const validArticle = readFileSync('tests/fixtures/article-valid.mdx', 'utf8');

function withArticle(frontmatterEdit: (fm: string) => string) {
  const root = copyContent();
  const [, fm, body] = validArticle.split('---\n');
  writeFileSync(join(root, 'articles', 'x.mdx'), `---\n${frontmatterEdit(fm)}---\n${body}`);
  return sync(root);
}

afterAll(() => {
  for (const root of tmpRoots) rmSync(root, { recursive: true, force: true });
});

describe('content schemas', { timeout: 60_000 }, () => {
  let good: ReturnType<typeof sync>;
  beforeAll(() => {
    const root = copyContent();
    writeFileSync(join(root, 'articles', 'x.mdx'), validArticle);
    good = sync(root);
  });

  it('accepts the real content plus a valid article', () => {
    expect(good.output).not.toMatch(/does not match collection schema/);
    expect(good.status).toBe(0);
  });

  it('rejects an unknown key, naming the file and the key', () => {
    const { status, output } = withArticle((fm) => `${fm}auteur: "Quelqu’un"\n`);
    expect(status).not.toBe(0);
    expect(output).toMatch(/articles\/x\.mdx/);
    expect(output).toMatch(/Unrecognized key: "auteur"/);
  });

  it('rejects a wrong type, naming the file and the field', () => {
    const { status, output } = withArticle((fm) => `${fm}draft: "oui"\n`);
    expect(status).not.toBe(0);
    expect(output).toMatch(/articles\/x\.mdx/);
    expect(output).toMatch(/draft: .*boolean/i);
  });

  it('rejects a missing field, naming the file and the field', () => {
    const { status, output } = withArticle((fm) => fm.replace(/^category:.*\n/m, ''));
    expect(status).not.toBe(0);
    expect(output).toMatch(/articles\/x\.mdx/);
    expect(output).toMatch(/category/);
  });

  it('rejects a bad value in an enum, naming the field', () => {
    const { status, output } = withArticle((fm) => fm.replace(/^category:.*$/m, 'category: mecanique'));
    expect(status).not.toBe(0);
    expect(output).toMatch(/category/);
  });

  // Astro only logs dangling references; src/lib/integrity.ts makes the build fail on them.
  it('fails the build on a dangling reference to an unknown training', () => {
    const root = copyContent();
    writeFileSync(
      join(root, 'testimonials', 'x.yaml'),
      [
        'name: Test T.',
        'role: Mécanicien',
        'audience: reconversion',
        'training: formation-inconnue',
        'quote: "Un témoignage suffisamment long pour passer la longueur minimale du schéma."',
        'date: 2026-10-01',
        'status: exemple',
        '',
      ].join('\n'),
    );
    const { status, output } = sync(root, 'build');
    expect(status).not.toBe(0);
    expect(output).toMatch(/testimonials\/x\.yaml: training: « formation-inconnue » n’existe pas/);
  });

  it('rejects a nested field of a training, naming its path', () => {
    const root = copyContent();
    const file = join(root, 'trainings', 'vehicules-hybrides.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+)individual: \d+/m, '$1individual: "cher"'));
    const { status, output } = sync(root);
    expect(status).not.toBe(0);
    expect(output).toMatch(/trainings\/vehicules-hybrides\.mdx/);
    expect(output).toMatch(/price\.individual/);
  });
});
