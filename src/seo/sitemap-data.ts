// Facts for sitemap-index.xml, read from content/ at config time (before Astro's content layer):
// a real <lastmod> per URL (publish and update dates, never the build time) and the pages that
// must stay out (noindex pages, drafts and scheduled articles are never built at all).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { ARTICLES_PER_PAGE } from '../lib/site-config.mjs';
import { parseFrontmatter } from '../lib/frontmatter.ts';

type Frontmatter = Record<string, unknown>;

function frontmatter(file: string): Frontmatter {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return (parse(text) ?? {}) as Frontmatter;
  return parseFrontmatter(text);
}

function entries(dir: string): { slug: string; data: Frontmatter }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(mdx?|ya?ml)$/.test(f))
    .map((f) => ({ slug: f.replace(/\.(mdx?|ya?ml)$/, ''), data: frontmatter(join(dir, f)) }));
}

const day = (value: unknown): string | undefined => {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return undefined;
};
const newest = (dates: (string | undefined)[]) => dates.filter(Boolean).sort().at(-1);

let commitDates: Map<string, string> | undefined;

/**
 * Date of the last commit touching a file, when git knows it. The whole history is read once, by
 * one `git log` (newest first: a file's first mention is its last commit), instead of one process
 * per file.
 */
function gitDate(file: string): string | undefined {
  if (!commitDates) {
    commitDates = new Map();
    try {
      const log = execFileSync('git', ['log', '--format=\x01%cs', '--name-only', '--relative'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
      for (const commit of log.split('\x01')) {
        const [date, ...files] = commit.split('\n').filter(Boolean);
        for (const f of files) if (!commitDates.has(f)) commitDates.set(f, date!);
      }
    } catch {
      /* not a git checkout: no dates */
    }
  }
  const path = relative(process.cwd(), resolve(file)).split(sep).join('/');
  return commitDates.get(path);
}

export interface SitemapData {
  lastmod: Map<string, string>;
  noindex: Set<string>;
}

export function sitemapData(contentRoot: string, today: string): SitemapData {
  const lastmod = new Map<string, string>();
  const articles = entries(join(contentRoot, 'articles')).filter((a) => !a.data.draft && (day(a.data.publishDate) ?? '9999') <= today);
  for (const a of articles) lastmod.set(`/blog/${a.slug}/`, newest([day(a.data.publishDate), day(a.data.updatedDate)])!);
  const latestArticle = newest(articles.map((a) => lastmod.get(`/blog/${a.slug}/`)));
  const categories = new Set(articles.map((a) => String(a.data.category)));
  for (const c of categories) lastmod.set(`/blog/categorie/${c}/`, newest(articles.filter((a) => a.data.category === c).map((a) => day(a.data.publishDate)))!);

  const trainings = entries(join(contentRoot, 'trainings'));
  for (const t of trainings) lastmod.set(`/formations/${t.slug}/`, day(t.data.updatedDate)!);
  const latestTraining = newest(trainings.map((t) => day(t.data.updatedDate)));

  const landings = entries(join(contentRoot, 'landings'));
  for (const l of landings) {
    lastmod.set(l.data.kind === 'audience' ? `/pour-qui/${l.slug}/` : `/${l.slug}/`, day(l.data.updatedDate)!);
  }
  // « Pour qui ? » lists the audience pages (and their trainings): it changes with the newest of them.
  const latestAudience = newest(landings.filter((l) => l.data.kind === 'audience').map((l) => day(l.data.updatedDate)));
  if (latestAudience) lastmod.set('/pour-qui/', latestAudience);
  const noindex = new Set<string>();
  for (const p of entries(join(contentRoot, 'pages'))) {
    lastmod.set(`/${p.slug}/`, day(p.data.updatedDate)!);
    if (p.data.noindex === true) noindex.add(`/${p.slug}/`);
  }
  const webinars = entries(join(contentRoot, 'webinars'));
  const testimonials = entries(join(contentRoot, 'testimonials'));
  for (const w of webinars) lastmod.set(`/webinaires/${w.slug}/`, gitDate(join(contentRoot, 'webinars', `${w.slug}.mdx`)) ?? today);

  // The guide's chapters: the last commit of their file; its contents page, the newest of them.
  const guide = entries(join(contentRoot, 'guide'));
  for (const g of guide) lastmod.set(`/guide/${g.slug.replace(/^\d+-/, '')}/`, gitDate(join(contentRoot, 'guide', `${g.slug}.md`)) ?? today);
  const latestChapter = newest(guide.map((g) => lastmod.get(`/guide/${g.slug.replace(/^\d+-/, '')}/`)));
  if (latestChapter) lastmod.set('/guide/', latestChapter);

  // Listing pages change when what they list changes. A new article shifts every page of the blog
  // by one, so a page of the listing changed at the latest publication, or later when one of the
  // articles it lists was updated. Pages as src/pages/blog/page/[page].astro cuts them.
  // Same order as the blog's pages: newest first, then by file name (src/lib/calendar.ts, newestFirst).
  const newestFirst = [...articles].sort((a, b) => String(day(b.data.publishDate)).localeCompare(String(day(a.data.publishDate))) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const latestPublication = newest(articles.map((a) => day(a.data.publishDate)));
  for (let page = 2; (page - 1) * ARTICLES_PER_PAGE < newestFirst.length; page++) {
    const listed = newestFirst.slice((page - 1) * ARTICLES_PER_PAGE, page * ARTICLES_PER_PAGE);
    lastmod.set(`/blog/page/${page}/`, newest([latestPublication, ...listed.map((a) => lastmod.get(`/blog/${a.slug}/`))])!);
  }
  if (latestArticle) {
    lastmod.set('/blog/', latestArticle);
    lastmod.set('/', newest([latestArticle, latestTraining])!);
  }
  if (latestTraining) {
    lastmod.set('/formations/', latestTraining);
    lastmod.set('/tarifs-financement/', latestTraining);
  }
  const latestTestimonial = newest(testimonials.map((t) => day(t.data.date)));
  if (latestTestimonial) lastmod.set('/temoignages/', latestTestimonial);
  const latestWebinar = newest(webinars.map((w) => lastmod.get(`/webinaires/${w.slug}/`)));
  if (latestWebinar) lastmod.set('/webinaires/', latestWebinar);
  return { lastmod, noindex };
}

/** For pages written as .astro files only: the last commit of their source file, or today for a
 * file not committed yet. */
export function sourceLastmod(pathname: string, today: string): string | undefined {
  const name = pathname.replace(/^\/|\/$/g, '');
  const candidates = [`src/pages/${name}.astro`, `src/pages/${name}/index.astro`];
  for (const file of candidates) if (existsSync(file)) return gitDate(file) ?? today;
  return undefined;
}
