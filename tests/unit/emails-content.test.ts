// content/emails/: the real e-mails compile and follow the plan; a broken copy fails with the file
// and the field (or line) named, as the content team needs.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEmailLinks, compileEmails, EmailContentError } from '../../src/automation/compile-emails';
import { fillLine, renderEmail } from '../../src/automation/templates';
import { FOLDER_EXTRAS, TRANSACTIONAL_EMAILS, TRANSACTIONAL_FOLDER } from '../../src/automation/transactional';
import { rules } from '../shared/automation-fixture';

const marketing = rules.marketing;

function broken(edit: (root: string) => void): string[] {
  const root = join(mkdtempSync(join(tmpdir(), 'emails-')), 'content');
  cpSync('content/emails', join(root, 'emails'), { recursive: true });
  edit(root);
  try {
    compileEmails(root, marketing);
  } catch (error) {
    expect(error).toBeInstanceOf(EmailContentError);
    return (error as EmailContentError).problems.map((p) => p.replace(root, 'content'));
  }
  throw new Error('expected an EmailContentError');
}
const rewrite = (root: string, file: string, f: (s: string) => string) => writeFileSync(join(root, 'emails', file), f(readFileSync(join(root, 'emails', file), 'utf8')));

describe('the e-mails of content/emails', () => {
  const templates = compileEmails('content', marketing);

  it('cover the plan: the welcome days, the segment messages, the offer and the three reminders', () => {
    expect(templates.filter((t) => t.folder === 'welcome').map((t) => t.day)).toEqual([1, 3, 7, 14]);
    for (const segment of ['primo-arrivants', 'reconversion', 'garages', 'inactifs']) expect(templates.some((t) => t.segments?.includes(segment)), segment).toBe(true);
    expect(templates.filter((t) => t.folder === 'pricing-offer')).toHaveLength(1);
    expect(templates.filter((t) => t.folder === 'abandoned-enrolment').map((t) => t.delayHours)).toEqual([24, 72, 168]);
    expect(templates.filter((t) => t.experiment === 'email-subject').map((t) => t.key)).toEqual(['welcome/07-offre']);
  });

  it('are written in French typography and start with the first name', () => {
    for (const t of templates) {
      for (const text of [t.subject, t.preheader, t.text]) {
        expect(text, t.file).not.toMatch(/[^\s\u202f\u00a0][;:!?](?:\s|$)/u); // a space before ; : ! ?
        expect(text, t.file).not.toMatch(/ [;:!?]/); // an ordinary space instead of a narrow one
        expect(text, t.file).not.toMatch(/\d ?€/); // 890 € takes a no-break space
        // 10 jours, 25 ans, 12 heures: a no-break space between a number and its unit.
        expect(text, t.file).not.toMatch(/(?<![\p{L}])\d (?:h|heures?|ans?|jours?|semaines?|mois|minutes|V|kW|km|places|personnes)(?![\p{L}\p{N}’'])/u);
        expect(text, t.file).not.toContain("'");
      }
      expect(t.text.startsWith('Bonjour {{prenom}},'), t.file).toBe(true);
    }
    const offer = templates.find((t) => t.file.endsWith('welcome/07-offre.mdx'))!;
    expect(offer.text).toContain('10\u00a0jours');
    expect(offer.html).toContain('10\u00a0jours');
  });

  it('render every variable and link for a lead, with no placeholder left', () => {
    // Every variable and special link the registry allows, with a value (the engine fills them at sending time).
    const specs = [...Object.values(TRANSACTIONAL_EMAILS), ...Object.values(FOLDER_EXTRAS)];
    const vars = Object.fromEntries(specs.flatMap((x) => x.variables).map((v) => [v, `valeur de ${v}`]));
    const specialLinks = Object.fromEntries(specs.flatMap((x) => x.links).map((l) => [l, `https://www.mecaformation.fr/special/${l}`]));
    for (const t of templates) {
      const transactional = t.folder === TRANSACTIONAL_FOLDER;
      const personal = { firstName: 'Zoé <b>', trainingTitle: 'CAP Maintenance des véhicules', vars };
      const email = renderEmail(t, {
        ...personal,
        kind: transactional ? 'transactional' : 'marketing',
        trainingPath: '/formations/cap-maintenance-vehicules/',
        subject: fillLine(t.subject, personal),
        siteUrl: 'https://www.mecaformation.fr',
        track: (url) => `https://www.mecaformation.fr/r/x?u=${encodeURIComponent(url)}`,
        openPixel: null,
        unsubscribeUrl: transactional ? null : 'https://www.mecaformation.fr/api/unsubscribe/t',
        specialLinks,
        blocks: { articles: { html: '<ul><li>Un article</li></ul>', text: '- Un article' } },
        footerAddress: 'MécaFormation · Paris',
      });
      expect(email.subject, t.file).not.toMatch(/\{\{|\}\}/);
      expect(email.html, t.file).not.toMatch(/\{\{|\}\}/);
      expect(email.text, t.file).not.toMatch(/\{\{|\}\}/);
      expect(email.html, t.file).toContain('Zoé &lt;b&gt;'); // escaped in HTML
      expect(email.text, t.file).toContain('Zoé <b>');
      if (transactional) {
        // What a person asked for: the legal footer, no marketing unsubscribe.
        expect(email.headers['List-Unsubscribe'], t.file).toBeUndefined();
        expect(email.text, t.file).toContain('MécaFormation · Paris');
      } else expect(email.html, t.file).toContain('https://www.mecaformation.fr/api/unsubscribe/t');
    }
  });
});

describe('errors name the file and the field', () => {
  it('frontmatter: a missing subject, a bad cta, an unknown key', () => {
    const problems = broken((root) =>
      rewrite(root, 'welcome/01-guide.mdx', (s) => s.replace(/^subject:.*\n/m, '').replace(/href: .*/, 'href: accueil').replace('preheader:', 'couleur: bleu\npreheader:')),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^content\/emails\/welcome\/01-guide\.mdx: subject: /),
        expect.stringMatching(/^content\/emails\/welcome\/01-guide\.mdx: cta\.href: chemin du site/),
        expect.stringMatching(/^content\/emails\/welcome\/01-guide\.mdx: \(frontmatter\): .*couleur/),
      ]),
    );
  });

  it('body: a component, an image or an unknown variable, with its line', () => {
    const problems = broken((root) => rewrite(root, 'welcome/03-parcours.mdx', (s) => `${s}\n<Bouton />\n\n![photo](/x.png)\n\nBonjour {nom}\n`));
    expect(problems.some((p) => /^content\/emails\/welcome\/03-parcours\.mdx:\d+: composant <Bouton> non permis/.test(p))).toBe(true);
    expect(problems.some((p) => /^content\/emails\/welcome\/03-parcours\.mdx:\d+: élément « image »/.test(p))).toBe(true);
    expect(problems.some((p) => /^content\/emails\/welcome\/03-parcours\.mdx:\d+: expression \{nom\} inconnue/.test(p))).toBe(true);
  });

  it('plan: a day missing from sequences.yaml, an unknown segment or experiment, a missing reminder', () => {
    const problems = broken((root) => {
      rewrite(root, 'welcome/14-derniere.mdx', (s) => s.replace(/^day: 14$/m, 'day: 15'));
      rewrite(root, 'segments/21-garages.mdx', (s) => s.replace(/segments: .*/, 'segments: [garagistes]'));
      rewrite(root, 'welcome/07-offre.mdx', (s) => s.replace('experiment: email-subject', 'experiment: hero'));
      rmSync(join(root, 'emails', 'abandoned-enrolment', '03-dossier.mdx'));
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^content\/emails\/welcome\/14-derniere\.mdx: day: jour 15 absent de la séquence « welcome »/),
        expect.stringMatching(/^content\/emails\/welcome\/: aucun e-mail pour le jour 14/),
        expect.stringMatching(/^content\/emails\/segments\/21-garages\.mdx: segments: segment « garagistes » inconnu/),
        expect.stringMatching(/^content\/emails\/welcome\/07-offre\.mdx: experiment: test « hero » inconnu/),
        expect.stringMatching(/^content\/emails\/abandoned-enrolment\/: le scénario « abandoned-enrolment » .* attend 3 e-mail\(s\)/),
      ]),
    );
  });
});

describe('links of the e-mails', () => {
  const templates = compileEmails('content', marketing);
  const paths = new Set(templates.flatMap((t) => [...t.links, t.cta.href]).filter((l) => l.startsWith('/')));

  it('a missing page is an error naming the e-mail file; a scheduled article is a warning', () => {
    expect(paths.size).toBeGreaterThan(3);
    expect(checkEmailLinks(templates, () => true, () => false)).toEqual({ errors: [], warnings: [] });
    const missing = checkEmailLinks(templates, (p) => p !== '/tarifs-financement/', () => false);
    expect(missing.errors).toContain('content/emails/welcome/07-offre.mdx: lien /tarifs-financement/ : aucune page du site à cette adresse');
    const article = (p: string) => /^\/blog\/[a-z0-9-]+\/$/.test(p);
    const scheduled = checkEmailLinks(templates, (p) => !article(p), article);
    expect(scheduled.errors).toEqual([]);
    expect(scheduled.warnings.every((w) => /^content\/emails\/.+\.mdx: lien \/blog\/.+ : article pas encore publié/.test(w))).toBe(true);
  });
});

describe('workflow limits the engine keeps', () => {
  it('refuses a maxPerLead the engine would ignore, naming sequences.yaml and the field', () => {
    const workflows = marketing.sequences.workflows.map((w) => (w.key === 'pricing-offer' ? { ...w, maxPerLead: 2 } : w));
    const index = workflows.findIndex((w) => w.key === 'pricing-offer');
    expect(() => compileEmails('content', { ...marketing, sequences: { ...marketing.sequences, workflows } })).toThrow(
      `content/marketing/sequences.yaml: workflows.${index}.maxPerLead: 1 attendu (un seul déroulé par personne), reçu 2`,
    );
  });
});
