// The search index of the previous build, reused when it would come out the same (src/build/
// build-worker.ts). pagefind cannot update part of an index, and building one holds every page's
// words in its process (about 160 KiB a page: 0.7 GB at 4 000 articles) and takes a core for
// seconds. Its output depends only on the HTML it is given (each page's path and bytes), its
// settings and its version: when all three are those of the index kept in the cache, the kept
// files are linked into dist/pagefind/ and pagefind is not started. The first page that differs
// (or a new one, or a missing one) and the index is built from every page as before.
//
// Cache layout (one folder per build cache, ASTRO_CACHE_DIR):
//   search-index/manifest.json   { version, settings, key, pages: { "x/index.html": sha1 } }
//   search-index/index-<key>/    the files pagefind wrote for those pages
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  version: string;
  settings: string;
  key: string;
  pages: Record<string, string>;
}

/** Hard links where the file system allows (no copy: nothing writes into these files), copies otherwise. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

export class SearchReuse {
  private readonly previous: Manifest | undefined;
  private readonly seen = new Map<string, string>();
  private differs = false;

  /** `cache`: the folder of the kept index; `version` and `settings`: pagefind's. */
  constructor(
    private readonly cache: string,
    private readonly version: string,
    private readonly settings: string,
  ) {
    try {
      const manifest = JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as Manifest;
      if (manifest.version === version && manifest.settings === settings && existsSync(join(cache, `index-${manifest.key}`))) this.previous = manifest;
    } catch {
      /* no index kept, or an unreadable one: built from the pages */
    }
  }

  /** Records a page given to the index (its file, relative to dist/); false once the kept index no longer fits. */
  see(file: string, bytes: Uint8Array): boolean {
    const hash = createHash('sha1').update(bytes).digest('base64url');
    this.seen.set(file, hash);
    if (!this.differs && this.previous?.pages[file] !== hash) this.differs = true;
    return !this.differs;
  }

  /** The pages seen so far (dist/-relative files). */
  files(): string[] {
    return [...this.seen.keys()];
  }

  /** Once every page is seen: the kept index linked into `outputPath`, if it was made from exactly these pages. */
  restore(outputPath: string): boolean {
    if (this.differs || !this.previous || this.seen.size !== Object.keys(this.previous.pages).length) return false;
    try {
      rmSync(outputPath, { recursive: true, force: true });
      linkTree(join(this.cache, `index-${this.previous.key}`), outputPath);
      return true;
    } catch {
      rmSync(outputPath, { recursive: true, force: true });
      return false;
    }
  }

  /** After pagefind wrote `outputPath` from the pages seen: kept for the next build. */
  save(outputPath: string): void {
    const pages = Object.fromEntries([...this.seen].sort(([a], [b]) => (a < b ? -1 : 1)));
    const key = createHash('sha1').update(this.version).update(this.settings).update(JSON.stringify(pages)).digest('hex').slice(0, 16);
    mkdirSync(this.cache, { recursive: true });
    const folder = join(this.cache, `index-${key}`);
    if (!existsSync(folder)) {
      // Written whole, then renamed: a build reading the cache meanwhile never sees half an index.
      const temporary = `${folder}.${process.pid}.tmp`;
      rmSync(temporary, { recursive: true, force: true });
      linkTree(outputPath, temporary);
      renameSync(temporary, folder);
    }
    const manifest: Manifest = { version: this.version, settings: this.settings, key, pages };
    const temporary = join(this.cache, `manifest.json.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(manifest));
    renameSync(temporary, join(this.cache, 'manifest.json'));
    // Earlier indexes, but one a build started within the hour may still be reading.
    for (const name of readdirSync(this.cache)) {
      const old = join(this.cache, name);
      if (name.startsWith('index-') && old !== folder && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { recursive: true, force: true });
    }
  }
}
