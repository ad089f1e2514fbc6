// JSON-LD builders checked against the required (and key recommended) properties of Google's
// structured data documentation (../shared/reference/domain-legal-seo.md §2).
import { describe, expect, it } from 'vitest';
import { blogPostingLd, breadcrumbLd, completeGraph, courseLd, courseListLd, faqLd, hoursToDuration, organizationLd, serializeJsonLd, webinarLd, websiteLd, type OrgFacts } from '../../src/seo/jsonld';
import { inlineMarkdown, markdownToText } from '../../src/lib/inline-markdown';
import { auditJsonLd } from '../shared/jsonld-audit';

const site = 'https://www.mecaformation.fr';
const has = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj) !== undefined;
const expectProps = (obj: unknown, paths: string[]) => {
  for (const p of paths) expect(has(obj, p), p).toBe(true);
};

describe('JSON-LD', () => {
  it('Organization: an EducationalOrganization with contact, no self-serving rating', () => {
    const org = organizationLd({ name: 'MécaFormation', description: 'École', email: 'a@b.fr', phone: '+33 1', site, address: { postalCode: '75000', city: 'Paris', country: 'FR' } });
    expect((org as unknown as Record<string, unknown>)['@type']).toBe('EducationalOrganization');
    expectProps(org, ['name', 'url', 'logo', 'contactPoint.telephone', 'address.addressLocality']);
    expect(JSON.stringify(org)).not.toMatch(/Rating|Review/);
    expect(websiteLd(site, 'MécaFormation').publisher).toEqual({ '@id': `${site}/#organisation` });
  });

  it('BreadcrumbList: positions from 1, absolute item URLs, last item may omit its URL', () => {
    const ld = breadcrumbLd([{ name: 'Accueil', path: '/' }, { name: 'Formations', path: '/formations/' }, { name: 'CAP' }], site);
    const items = ld.itemListElement as unknown as { position: number; name: string; item?: string }[];
    expect(items.map((i) => i.position)).toEqual([1, 2, 3]);
    expect(items[1].item).toBe(`${site}/formations/`);
    expect(items[2].item).toBeUndefined();
  });

  it('Course: name, description, provider, offers in EUR, an online course instance with workload', () => {
    const ld = courseLd(
      { name: 'CAP', description: 'Préparer le CAP.', path: '/formations/cap/', price: 2490, totalHours: 780, weeklyHours: 12, weeks: 48, prerequisites: ['Lire'], financialAid: ['CPF'] },
      site,
    ) as unknown as Record<string, Record<string, unknown>>;
    expectProps(ld, ['name', 'description', 'provider', 'offers.price', 'offers.priceCurrency', 'offers.category', 'hasCourseInstance.courseMode', 'hasCourseInstance.courseWorkload']);
    expect(ld.offers.priceCurrency).toBe('EUR');
    expect(ld.hasCourseInstance.courseMode).toBe('Online');
    expect(ld.hasCourseInstance.courseWorkload).toBe('PT780H');
    const list = courseListLd([{ name: 'A', path: '/formations/a/' }, { name: 'B', path: '/formations/b/' }, { name: 'C', path: '/formations/c/' }], site);
    expect((list.itemListElement as unknown as { url: string }[])[2].url).toBe(`${site}/formations/c/`);
  });

  it('BlogPosting: headline, image, dates, author', () => {
    const ld = blogPostingLd({ headline: 'T', description: 'D', path: '/blog/t/', image: '/og/blog/t.png', published: new Date('2026-11-09'), author: 'Équipe', section: 'Financement' }, site);
    expectProps(ld, ['headline', 'image', 'datePublished', 'dateModified', 'author.name']);
    expect(ld.image).toBe(`${site}/og/blog/t.png`);
  });

  it('Event: online, with VirtualLocation, ISO dates with an end', () => {
    const ld = webinarLd({ name: 'W', description: 'D', path: '/webinaires/w/', image: '/og/webinaires/w.png', start: new Date('2026-12-10T17:30:00Z'), durationMinutes: 60 }, site) as unknown as Record<string, Record<string, unknown>>;
    expectProps(ld, ['name', 'startDate', 'endDate', 'location.url']);
    expect(ld.location['@type']).toBe('VirtualLocation');
    expect(ld.eventAttendanceMode).toBe('https://schema.org/OnlineEventAttendanceMode');
    expect(ld.endDate).toBe('2026-12-10T18:30:00.000Z');
  });

  it('FAQPage: each question with an accepted answer', () => {
    const ld = faqLd([{ question: 'Q ?', answer: 'R.' }]);
    expect(ld.mainEntity).toEqual([{ '@type': 'Question', name: 'Q ?', acceptedAnswer: { '@type': 'Answer', text: 'R.' } }]);
  });

  it('FAQPage: answers written in simple Markdown carry their words only', () => {
    const ld = faqLd([{ question: 'Et le *CPF* ?', answer: 'Voir la page [tarifs et financement](/tarifs-financement/), **avant** de signer.' }]);
    expect(ld.mainEntity).toEqual([
      { '@type': 'Question', name: 'Et le CPF ?', acceptedAnswer: { '@type': 'Answer', text: 'Voir la page tarifs et financement, avant de signer.' } },
    ]);
  });

  it('durations are ISO 8601 to the minute: no fractional hours', () => {
    expect(hoursToDuration(780)).toBe('PT780H');
    expect(hoursToDuration(3.5)).toBe('PT3H30M');
    expect(hoursToDuration(0.25)).toBe('PT15M');
    expect(hoursToDuration(1 / 3)).toBe('PT20M');
    expect(hoursToDuration(0)).toBe('PT0H');
    expect(() => hoursToDuration(-1)).toThrow(/durée invalide/);
    expect(() => hoursToDuration(Number.NaN)).toThrow(/durée invalide/);
    const ld = courseLd({ name: 'Équipe', description: 'D', path: '/formations/e/', price: 1490, totalHours: 35, weeklyHours: 3.5, weeks: 10, prerequisites: [], financialAid: [] }, site) as unknown as Record<string, Record<string, Record<string, unknown>>>;
    expect(ld.hasCourseInstance.courseSchedule.duration).toBe('PT3H30M');
  });

  it('completeGraph adds the school where a node references it, once, and refuses other dangling references', () => {
    const org: OrgFacts = { name: 'MécaFormation', description: 'École', email: 'a@b.fr', phone: '+33 1', site };
    const course = courseLd({ name: 'CAP', description: 'D', path: '/formations/cap/', price: 2490, totalHours: 780, weeklyHours: 12, weeks: 48, prerequisites: [], financialAid: [] }, site);
    const withOrg = completeGraph([course], org) as Record<string, unknown>[];
    expect(withOrg.map((n) => n['@type'])).toEqual(['Course', 'EducationalOrganization']);
    expect(withOrg[1]!['@id']).toBe(`${site}/#organisation`);
    // Already defined on the page (the home page): not added twice.
    expect(completeGraph([organizationLd(org), websiteLd(site, 'MécaFormation')], org)).toHaveLength(2);
    // Nothing referenced: nothing added.
    expect(completeGraph([faqLd([{ question: 'Q ?', answer: 'R.' }])], org)).toHaveLength(1);
    expect(() => completeGraph([{ '@context': 'https://schema.org', '@type': 'Course', provider: { '@id': `${site}/#ailleurs` } }], org)).toThrow(/#ailleurs/);
  });

  it('escapes < so that content cannot close the script element', () => {
    const json = serializeJsonLd({ name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json).name).toBe('</script><script>alert(1)</script>');
  });
});

describe('inline Markdown of short fields (FAQ answers)', () => {
  it('splits links, bold and italics, and leaves the rest as text', () => {
    expect(inlineMarkdown('La [préparation](/formations/x/) dure **28 heures**, *en ligne*.')).toEqual([
      { text: 'La ' },
      { text: 'préparation', href: '/formations/x/' },
      { text: ' dure ' },
      { text: '28 heures', strong: true },
      { text: ', ' },
      { text: 'en ligne', em: true },
      { text: '.' },
    ]);
    expect(markdownToText('Sans lien ni balise.')).toBe('Sans lien ni balise.');
    // An underscore or star inside a word is not emphasis.
    expect(markdownToText('snake_case_name et 2*3*4')).toBe('snake_case_name et 2*3*4');
  });
});

describe('JSON-LD audit (tests/shared/jsonld-audit.ts)', () => {
  const org: OrgFacts = { name: 'MécaFormation', description: 'École', email: 'a@b.fr', phone: '+33 1', site };
  const course = courseLd({ name: 'CAP', description: 'D', path: '/formations/cap/', price: 2490, totalHours: 780, weeklyHours: 3.5, weeks: 48, prerequisites: [], financialAid: [] }, site);
  const crumbs = breadcrumbLd([{ name: 'Accueil', path: '/' }, { name: 'Formations', path: '/formations/' }, { name: 'CAP' }], site);
  const blocks = (...nodes: unknown[]) => nodes.map((n) => JSON.stringify(n));

  it('passes what the builders write', () => {
    expect(auditJsonLd(blocks(...completeGraph([course, crumbs, faqLd([{ question: 'Q ?', answer: 'Voir [ici](/x/).' }])], org)))).toEqual([]);
    expect(auditJsonLd(blocks(organizationLd(org), websiteLd(site, 'MécaFormation')))).toEqual([]);
  });

  it('finds each defect the issue listed', () => {
    const problems = auditJsonLd([
      ...blocks(
        course, // provider → #organisation, not defined on this page
        breadcrumbLd([{ name: 'Accueil', path: '/' }, { name: 'Pour qui ?' }, { name: 'Reconversion' }], site),
        { '@context': 'https://schema.org', '@type': 'FAQPage', mainEntity: [{ '@type': 'Question', name: 'Q ?', acceptedAnswer: { '@type': 'Answer', text: 'La page [tarifs](/tarifs-financement/).' } }] },
        { '@context': 'https://schema.org', '@type': 'Course', name: 'X', timeRequired: 'PT3.5H', description: '[à compléter : code RNCP]' },
        { '@context': 'http://schema.org', '@type': 'Corse', url: '/relative/' },
      ),
      '{ not json',
    ]);
    const expected = [
      /la référence https:\/\/www\.mecaformation\.fr\/#organisation ne désigne aucun nœud/,
      /itemListElement\[1\] \(« Pour qui \? »\) : item absent/,
      /Markdown dans le texte « La page \[tarifs\]/,
      /durée « PT3\.5H » non conforme/,
      /texte à compléter « \[à compléter : code RNCP\]/,
      /@context "http:\/\/schema\.org"/,
      /@type "Corse" inconnu/,
      /URL « \/relative\/ » non absolue/,
      /bloc 6 : JSON invalide/,
    ];
    for (const re of expected) expect(problems, String(re)).toContainEqual(expect.stringMatching(re));
    expect(problems).toHaveLength(expected.length);
  });
});
