import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { simpleParser, type ParsedMail } from 'mailparser';

/** The store and the outbox of the server under test (playwright.config.ts webServer). */
export const E2E_DB = '.data/e2e-leads.db';
export const E2E_OUTBOX = '.data/e2e-outbox';

/** Rows of a read-only query on the server's store. */
export function queryStore<T>(sql: string, ...params: string[]): T[] {
  const db = new DatabaseSync(E2E_DB, { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The e-mails delivered so far to one address (the outbox's .eml files). */
export async function mailsTo(address: string): Promise<ParsedMail[]> {
  if (!existsSync(E2E_OUTBOX)) return [];
  const parsed = await Promise.all(readdirSync(E2E_OUTBOX).filter((f) => f.endsWith('.eml')).map((f) => simpleParser(readFileSync(join(E2E_OUTBOX, f)))));
  return parsed.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);
}

/** Site paths listed in the built sitemap (dist/), e.g. "/formations/". */
export function sitemapPaths(): string[] {
  const dist = 'dist';
  const files = readdirSync(dist).filter((f) => /^sitemap-\d+\.xml$/.test(f));
  if (!files.length) throw new Error('dist/sitemap-*.xml missing: run the build first');
  return files.flatMap((f) =>
    [...readFileSync(join(dist, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname),
  );
}

/** Articles of content/articles with their frontmatter date and draft flag. */
export function articlesOnDisk(): { slug: string; publishDate: string; draft: boolean }[] {
  const dir = 'content/articles';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const date = /^publishDate:\s*["']?(\d{4}-\d{2}-\d{2})/m.exec(text)?.[1];
      if (!date) throw new Error(`${f}: publishDate not found`);
      return { slug: f.replace(/\.mdx$/, ''), publishDate: date, draft: /^draft:\s*true/m.test(text) };
    });
}

/** The next webinar open for registration (real clock: the edge closes a session when it starts). */
export function nextWebinar(after = new Date(Date.now() + 2 * 86_400_000)): string {
  const dir = 'content/webinars';
  const open = readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return { slug: f.replace(/\.mdx$/, ''), startsAt: new Date(/^startsAt:\s*(\S+)/m.exec(text)![1]!), cancelled: /^status:\s*annule/m.test(text) };
    })
    .filter((w) => !w.cancelled && w.startsAt > after)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (!open.length) throw new Error('content/webinars: no upcoming webinar to register to');
  return open[0]!.slug;
}

/**
 * Waits until the page's scripts have started (src/lib/page-scripts.ts: after the load and the
 * next paint), for a test of what JavaScript adds (the menu's Escape, errors next to the fields).
 */
export async function scriptsReady(page: import('@playwright/test').Page): Promise<void> {
  await page.locator('html[data-scripts="ready"]').waitFor({ state: 'attached' });
}
