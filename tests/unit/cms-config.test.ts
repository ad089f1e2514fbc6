// The CMS's configuration (dist/cms/config.yml), generated from the zod schemas: valid for the
// JSON Schema Sveltia CMS ships, complete (every field of every schema, with its description as
// hint), and what the CMS writes is what the site's loaders accept.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadSchemas, type LoadedSchemas } from '../../src/cms/load-schemas';
import { cmsConfig, type CmsConfig } from '../../src/cms/config';
import { validateCmsConfig, namedPath } from '../../src/cms/validate';
import { unwrap, type CmsField } from '../../src/cms/fields';
import { writeCms, bundleFolder } from '../../src/cms/page';
import { SVELTIA_VERSION } from '../../src/cms/sveltia';
import { cmsRepo } from '../../src/integrations/cms';
import { FILES, parseMarketing } from '../../src/marketing/load';
import { fillOmitted } from '../../src/marketing/omitted';
import { AUDIENCES, CATEGORIES, CATEGORY_LABELS } from '../../src/lib/taxonomy';

let schemas: LoadedSchemas;
let config: CmsConfig;
beforeAll(async () => {
  schemas = await loadSchemas();
  config = cmsConfig(schemas, { repo: 'mecaformation/site', siteUrl: 'https://www.mecaformation.fr' });
});

type Collection = { name: string; folder?: string; fields?: CmsField[]; files?: { name: string; file: string; fields: CmsField[] }[]; filter?: { field: string; value: string }; extension?: string; format?: string };
const collection = (name: string) => config.collections.find((c) => c.name === name) as unknown as Collection;
const field = (fields: CmsField[], name: string) => fields.find((f) => f.name === name)!;
const marketingFile = (key: string) => collection('marketing').files!.find((f) => f.name === key)!;

/** Every zod field against its CMS field, at every depth: the problems, and how many fields were compared. */
function compare(schema: any, fields: CmsField[], path: string, problems: string[]): number {
  const core = unwrap(schema).core;
  const def = core._zod.def;
  let count = 0;
  if (def.type !== 'object') return 0;
  for (const [name, sub] of Object.entries(def.shape as Record<string, any>)) {
    count++;
    const f = fields.find((x) => x.name === name);
    if (!f) {
      problems.push(`${path}.${name} : absent du CMS`);
      continue;
    }
    const u = unwrap(sub);
    if (f.widget === 'hidden') continue;
    if (u.description && !(f.label === u.description || f.hint?.includes(u.description.replace(/</g, '&lt;').replace(/>/g, '&gt;')))) problems.push(`${path}.${name} : aide « ${u.description} » absente`);
    const inner = u.core._zod.def;
    if (inner.type === 'object') count += compare(u.core, f.fields as CmsField[], `${path}.${name}`, problems);
    if (inner.type === 'array') {
      const element = unwrap(inner.element).core;
      if (element._zod.def.type === 'object') count += compare(element, f.fields as CmsField[], `${path}.${name}[]`, problems);
      if (element._zod.def.type === 'union' && element._zod.def.discriminator) {
        for (const option of element._zod.def.options) {
          const tag = unwrap(option).core._zod.def.shape[element._zod.def.discriminator];
          const type = (f.types as { name: string; fields: CmsField[] }[]).find((t) => t.name === unwrap(tag).core._zod.def.values[0]);
          if (!type) problems.push(`${path}.${name} : type ${unwrap(tag).core._zod.def.values[0]} absent`);
          else count += compare(option, [...type.fields, { name: element._zod.def.discriminator, widget: 'hidden' }], `${path}.${name}[]`, problems);
        }
      }
    }
  }
  return count;
}

describe('the CMS configuration generated from the schemas', () => {
  it('is valid for the JSON Schema that Sveltia CMS ships', () => {
    expect(validateCmsConfig(config)).toEqual([]);
  });

  it('names the offending field when it is not: collection and field names, not positions', () => {
    const broken = structuredClone(config);
    const articles = broken.collections.find((c) => c.name === 'articles') as unknown as Collection;
    (field(articles.fields!, 'title') as Record<string, unknown>).minlength = 'cinq';
    (field(articles.fields!, 'publishDate') as Record<string, unknown>).date_fromat = 'YYYY-MM-DD';
    const problems = validateCmsConfig(broken);
    expect(problems).toEqual([
      { path: 'collections[articles].fields[title].minlength', messages: ['must be number'] },
      { path: 'collections[articles].fields[publishDate]', messages: ['must NOT have additional properties (date_fromat)'] },
    ]);
    expect(namedPath(broken, '/collections/0/fields/0')).toBe('collections[articles].fields[title]');
  });

  it('has every collection of src/content.config.ts, the questions and every marketing file', () => {
    const names = config.collections.filter((c) => !c.divider).map((c) => c.name as string);
    expect(names).toEqual(['articles', 'webinars', 'trainings', 'landings-keyword', 'landings-audience', 'testimonials', 'guide', 'pages', 'questions', 'marketing']);
    for (const name of Object.keys(schemas.collections)) expect(names.some((n) => n === name || n.startsWith(`${name}-`)), name).toBe(true);
    expect(collection('marketing').files!.map((f) => f.file).sort()).toEqual(Object.values(FILES).map((f) => `content/marketing/${f}`).sort());
    for (const f of collection('marketing').files!) expect(existsSync(f.file), f.file).toBe(true);
  });

  it('has every field of every schema, at every depth, with its description as hint', () => {
    const problems: string[] = [];
    let count = 0;
    for (const [name, c] of Object.entries(schemas.collections)) {
      const core = unwrap(c.schema as never).core;
      if (core._zod.def.type === 'object') count += compare(core, collection(name).fields!, name, problems);
      else for (const option of core._zod.def.options) {
        const kind = unwrap(option).core._zod.def.shape.kind;
        count += compare(option, collection(`${name}-${unwrap(kind).core._zod.def.values[0]}`).fields!, name, problems);
      }
    }
    for (const [key, schema] of Object.entries(schemas.marketing)) {
      const u = unwrap(schema as never);
      if (u.core._zod.def.type === 'array') count += compare(unwrap(u.core._zod.def.element).core, marketingFile(key).fields[0].fields as CmsField[], key, problems);
      else count += compare(u.core, marketingFile(key).fields, key, problems);
    }
    count += compare(unwrap((schemas.questions as any)._zod.def.element).core, collection('questions').files![0].fields[0].fields as CmsField[], 'questions', problems);
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(300);
  });

  it('makes enums selects with their labels, references relations, dates days or instants', () => {
    const articles = collection('articles');
    expect(articles).toMatchObject({ folder: 'content/articles', extension: 'mdx', format: 'frontmatter' });
    const category = field(articles.fields!, 'category');
    expect(category.widget).toBe('select');
    expect(category.options).toEqual(CATEGORIES.map((value) => ({ label: CATEGORY_LABELS[value], value })));
    expect(field(articles.fields!, 'audiences')).toMatchObject({ widget: 'select', multiple: true, min: 1 });
    expect((field(articles.fields!, 'audiences').options as { value: string }[]).map((o) => o.value)).toEqual([...AUDIENCES]);
    expect(field(articles.fields!, 'trainings')).toMatchObject({ widget: 'relation', collection: 'trainings', value_field: '{{slug}}', multiple: true, required: false });
    expect(field(collection('testimonials').fields!, 'training')).toMatchObject({ widget: 'relation', collection: 'trainings' });
    expect(field(articles.fields!, 'publishDate')).toMatchObject({ widget: 'datetime', date_format: 'YYYY-MM-DD', time_format: false, format: 'YYYY-MM-DD' });
    expect(field(articles.fields!, 'updatedDate').required).toBe(false);
    expect(field(articles.fields!, 'draft')).toMatchObject({ widget: 'boolean', default: false, required: false });
    expect(field(articles.fields!, 'title')).toMatchObject({ widget: 'string', minlength: 5, maxlength: 120 });
    expect(field(articles.fields!, 'body')).toMatchObject({ widget: 'markdown' });
    expect(field(collection('webinars').fields!, 'startsAt')).toMatchObject({ widget: 'datetime', type: 'datetime-local', input_timezone: 'Europe/Paris', output_utc: false });
    expect(field(collection('webinars').fields!, 'capacity')).toMatchObject({ widget: 'number', value_type: 'int', min: 1, max: 1000, default: 50 });
    const modules = field(collection('trainings').fields!, 'modules');
    expect(modules).toMatchObject({ widget: 'list', min: 2, summary: '{{fields.title}}' });
    expect(field(modules.fields as CmsField[], 'topics')).toMatchObject({ widget: 'list', min: 2, field: { widget: 'string', minlength: 3 } });
    // The landing pages: one collection per kind, same folder, told apart by `kind`.
    expect(collection('landings-keyword')).toMatchObject({ folder: 'content/landings', filter: { field: 'kind', value: 'keyword' } });
    expect(field(collection('landings-audience').fields!, 'kind')).toEqual({ name: 'kind', widget: 'hidden', default: 'audience' });
    // Variable types for discriminated unions; records with their keys; nullable enums with « Aucun ».
    expect(marketingFile('experiments').fields[0]).toMatchObject({ root: true, widget: 'list', typeKey: 'channel' });
    expect(Object.keys(field(marketingFile('prices').fields, 'offers').fields as object).length).toBeGreaterThan(0);
    expect((field(marketingFile('prices').fields, 'offers').fields as CmsField[]).map((f) => f.name)).toEqual(Object.keys(parse(readFileSync('content/marketing/prices.yaml', 'utf8')).offers));
    expect((field(field(marketingFile('keywords').fields, 'items').fields as CmsField[], 'audience').options as { value: unknown }[])[0]).toEqual({ label: 'Aucun', value: null });
    // Hints are Markdown for the CMS: an HTML-like tag is escaped, not swallowed.
    expect(field(articles.fields!, 'title').hint).toContain('balise &lt;title&gt;');
  });

  it('commits to GitHub through the site’s own OAuth routes, by pull request', () => {
    expect(config.backend).toMatchObject({ name: 'github', repo: 'mecaformation/site', branch: 'main', base_url: 'https://www.mecaformation.fr', auth_endpoint: 'api/cms/auth' });
    expect(config.publish_mode).toBe('editorial_workflow');
    expect(cmsConfig(schemas, { repo: 'x/y', siteUrl: 'http://127.0.0.1:4399/', backend: 'test-repo' }).backend).toEqual({ name: 'test-repo' });
  });

  it('finds the repository from CMS_REPO, GitHub Actions, or the origin remote', () => {
    expect(cmsRepo({ CMS_REPO: 'ecole/site', GITHUB_REPOSITORY: 'autre/depot' }, () => undefined)).toBe('ecole/site');
    expect(cmsRepo({ GITHUB_REPOSITORY: 'autre/depot' }, () => undefined)).toBe('autre/depot');
    expect(cmsRepo({}, () => 'git@github.com:ecole/site-web.git')).toBe('ecole/site-web');
    expect(cmsRepo({}, () => 'https://github.com/ecole/site-web')).toBe('ecole/site-web');
    expect(cmsRepo({ CMS_REPO: 'pas un dépôt' }, () => 'https://gitlab.com/ecole/site')).toBeUndefined();
  });
});

const subFields = (f: CmsField) => (f.fields as CmsField[] | undefined) ?? (f.types as { fields: CmsField[] }[] | undefined)?.flatMap((t) => t.fields);

/** What Sveltia CMS writes (output.omit_empty_optional_fields): an empty optional field is left out. */
function asTheCmsWrites(value: unknown, fields: CmsField[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const f = fields.find((x) => x.name === key);
    const empty = v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (f && f.required === false && empty) continue;
    const sub = f && subFields(f);
    out[key] = sub ? (Array.isArray(v) ? v.map((item) => asTheCmsWrites(item, sub)) : asTheCmsWrites(v, sub)) : v;
  }
  return out;
}

describe('what the CMS writes', () => {
  it('keeps every marketing file valid: fields left out because empty read as null or []', () => {
    const sources: Record<string, string> = {};
    let dropped = 0;
    for (const [key, file] of Object.entries(FILES)) {
      const data = parse(readFileSync(`content/marketing/${file}`, 'utf8'));
      const cmsFile = marketingFile(key);
      const written = Array.isArray(data) ? data.map((item) => asTheCmsWrites(item, subFields(cmsFile.fields[0])!)) : asTheCmsWrites(data, cmsFile.fields);
      dropped += JSON.stringify(data).length - JSON.stringify(written).length;
      sources[file] = stringify(written);
    }
    expect(dropped).toBeGreaterThan(0);
    expect(() => parseMarketing(sources)).not.toThrow();
  });

  it('still reports a missing field that must have a value, and an unknown key', () => {
    const schema = schemas.marketing.prices as never;
    const filled = fillOmitted(schema, { currency: 'EUR', offers: {}, payment: {}, financing: {} }) as Record<string, any>;
    expect(filled.payment).toEqual({});
    const audiences = fillOmitted(schemas.marketing.audiences as never, [{ slug: 'garages' }]) as Record<string, unknown>[];
    expect(audiences[0]).toEqual({ slug: 'garages', ageRange: null, offer: null });
    const sources = Object.fromEntries(Object.values(FILES).map((f) => [f, readFileSync(`content/marketing/${f}`, 'utf8')]));
    sources['prices.yaml'] = sources['prices.yaml'].replace(/^(\s+)amount: \d+\n/m, '');
    sources['kpis.yaml'] = sources['kpis.yaml'].replace(/^templateYear:/m, 'templateYaer:');
    expect(() => parseMarketing(sources)).toThrow(/prices\.yaml: offers\.[\w-]+\.amount: champ obligatoire manquant[\s\S]*kpis\.yaml: templateYaer: clé inconnue/);
  });
});

describe('dist/cms/', () => {
  it('is a French noindex page loading the pinned bundle from a versioned folder, with the configuration', () => {
    const dist = mkdtempSync(join(tmpdir(), 'cms-dist-'));
    writeCms(dist, config);
    const html = readFileSync(join(dist, 'cms', 'index.html'), 'utf8');
    expect(html).toMatch(/<html lang="fr">/);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain(`<script src="/cms/${bundleFolder()}/sveltia-cms.js"></script>`);
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(bundleFolder()).toBe(`sveltia-cms-${SVELTIA_VERSION}`);
    expect(readFileSync(join(dist, 'cms', bundleFolder(), 'sveltia-cms.js')).length).toBeGreaterThan(1_000_000);
    expect(readdirSync(join(dist, 'cms', bundleFolder(), 'locales'))).toEqual(['fr.json']);
    expect(parse(readFileSync(join(dist, 'cms', 'config.yml'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(config)));
    expect(readFileSync(join(dist, 'cms', 'cms.js'), 'utf8')).toContain(`https://unpkg.com/@sveltia/cms@${SVELTIA_VERSION}/`);
  });
});
