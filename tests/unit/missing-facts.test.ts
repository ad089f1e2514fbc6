// No placeholder in a production build: the check over organization.yaml, the build that refuses
// to run with SITE_ENV=production, the README list that must match it, and the optional markers
// that let a sentence read true without a missing fact.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isScalar, parseDocument } from 'yaml';
import { checkSchoolFacts, fieldDescription, formatMissingFacts, missingSchoolFacts, ORGANIZATION_FILE } from '../../src/lib/missing-facts';
import { z } from 'zod';
import { organizationSchema } from '../../src/marketing/config';
import { fillMarkers } from '../../src/lib/placeholders';
import { fillGuideMarkers } from '../../src/guide/load';

const real = readFileSync(ORGANIZATION_FILE, 'utf8');

/** The real file with every missing fact filled with a well-formed value, comments dropped. */
function filled(): string {
  const doc = parseDocument(real);
  for (const { key } of missingSchoolFacts(real)) {
    const path = key.split('.');
    const value = /phone$/i.test(key) ? '+33 1 23 45 67 89' : key === 'address.postalCode' ? '75011' : key === 'webinarRoomUrl' ? 'https://visio.example/salle' : `valeur de ${key}`;
    doc.setIn(path, value);
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.comment = null;
  }
  return doc.toString();
}

describe('missingSchoolFacts over organization.yaml', () => {
  const missing = missingSchoolFacts(real);
  const keys = missing.map((m) => m.key);

  it('lists each PLACEHOLDER value with its file, its dotted key and what it is', () => {
    expect(keys).toEqual(expect.arrayContaining(['legalName', 'phone', 'address.street', 'address.postalCode', 'legal.siret', 'legal.nda', 'handicapReferent.name', 'certifications.cap-mva.rncp']));
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of missing) {
      expect(m.file).toBe('content/marketing/organization.yaml');
      expect(m.label.length, m.key).toBeGreaterThan(3);
    }
    expect(missing.find((m) => m.key === 'legal.siret')?.label).toBe('Numéro SIRET');
  });

  it('does not count measured-or-not results (null) nor real facts as missing', () => {
    expect(keys.some((k) => k.startsWith('results.'))).toBe(false);
    expect(keys).not.toContain('email');
    expect(keys).not.toContain('legal.ndaRegion');
    // A social profile the school does not have (null) is no missing fact: production builds.
    expect(keys.some((k) => k.startsWith('social.'))).toBe(false);
  });

  it('finds a marker in a trailing comment as well as in the value, in records and lists', () => {
    const text = 'phone: "+33 1 23 45 67 89"   # PLACEHOLDER: standard\nlegal:\n  siret: "123"\n  rcs: "PLACEHOLDER – RCS"\ncertifications:\n  cap-mva:\n    rncp: PLACEHOLDER\nsocial:\n  linkedin: "PLACEHOLDER"\n';
    expect(missingSchoolFacts(text, 'x.yaml')).toEqual([
      { file: 'x.yaml', key: 'phone', label: 'Numéro de téléphone du standard, format international' },
      { file: 'x.yaml', key: 'legal.rcs', label: 'Immatriculation au RCS' },
      { file: 'x.yaml', key: 'certifications.cap-mva.rncp', label: 'Numéro de fiche RNCP ou RS' },
      { file: 'x.yaml', key: 'social.linkedin', label: 'Page officielle sur LinkedIn (https://…linkedin.com/…), ou null' },
    ]);
    // Lists are followed too (the element's schema).
    expect(fieldDescription(['items', '0', 'url'], z.object({ items: z.array(z.object({ url: z.string().describe('Adresse') })) }))).toBe('Adresse');
    expect(fieldDescription(['nope'])).toBeUndefined();
  });

  it('finds nothing once every fact is filled, and the filled file is still valid', () => {
    const text = filled();
    expect(missingSchoolFacts(text)).toEqual([]);
    expect(organizationSchema.safeParse(parseDocument(text).toJS()).success).toBe(true);
    expect(checkSchoolFacts('production', text)).toEqual([]);
  });

  it('fails in production with one message listing every key, file first; passes otherwise', () => {
    expect(checkSchoolFacts(undefined, real)).toEqual(missing);
    expect(checkSchoolFacts('', real)).toEqual(missing);
    let message = '';
    try {
      checkSchoolFacts('production', real);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(formatMissingFacts(missing));
    for (const key of keys) expect(message).toContain(`content/marketing/organization.yaml: ${key} — `);
    expect(message).toMatch(new RegExp(`^SITE_ENV=production : ${missing.length} faits`));
    expect(() => checkSchoolFacts('prod', real)).toThrow(/SITE_ENV : valeur « prod » inconnue/);
  });

  it('is the list of the README’s « To fill before going live », exactly', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## To fill before going live'), readme.indexOf('\n## ', readme.indexOf('## To fill before going live') + 5));
    const listed = section
      .split('\n')
      .filter((line) => line.startsWith('- `'))
      .flatMap((line) => [...line.split(' — ')[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(listed.sort()).toEqual([...keys].sort());
  });
});

describe('the production build', () => {
  it('stops before rendering anything and lists every missing fact (the default build is npm test’s build step)', { timeout: 60_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'meca-prod-'));
    try {
      const run = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', join(out, 'dist')], {
        env: { ...process.env, SITE_ENV: 'production', ASTRO_CACHE_DIR: join(out, '.cache'), FORCE_COLOR: '0', NO_COLOR: '1' },
        encoding: 'utf8',
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status).not.toBe(0);
      for (const { key } of missingSchoolFacts(real)) expect(output).toContain(`content/marketing/organization.yaml: ${key} — `);
      expect(output).not.toMatch(/page\(s\) built/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('optional markers %%key?%%', () => {
  const facts = { phone: { value: 'PLACEHOLDER', label: 'téléphone' }, email: { value: 'a@b.fr', label: 'e-mail' }, siret: { value: 'PLACEHOLDER', label: 'SIRET' } };

  it('drop the list item of a missing fact, keep it when the fact is known', () => {
    expect(fillMarkers('<ul><li>Tél. : %%phone?%%</li><li>E-mail : %%email?%%</li></ul>', facts)).toBe('<ul><li>E-mail : a@b.fr</li></ul>');
    expect(fillMarkers('<p>SIRET : %%siret%%</p>', facts)).toBe('<p>SIRET : [à compléter : SIRET]</p>');
  });

  it('refuse to vanish outside a list item', () => {
    expect(() => fillMarkers('<p>Tél. : %%phone?%%</p>', facts)).toThrow(/hors d’un élément de liste/);
  });

  it('drop the guide’s list line too, and report one outside a list', () => {
    const problems: string[] = [];
    expect(fillGuideMarkers('Avant\n- Tél. : %%phone?%%\n- E-mail : %%email?%%', facts, 'g.md', problems)).toBe('Avant\n- E-mail : a@b.fr');
    expect(problems).toEqual([]);
    fillGuideMarkers('Tél. : %%phone?%%', facts, 'g.md', problems);
    expect(problems).toEqual([expect.stringMatching(/^g\.md:1: marqueur facultatif %%phone\?%% hors d’un élément de liste/)]);
  });
});
