// JSON-LD builders checked against the required (and key recommended) properties of Google's
// structured data documentation (../shared/reference/domain-legal-seo.md §2).
import { describe, expect, it } from 'vitest';
import { blogPostingLd, breadcrumbLd, courseLd, courseListLd, faqLd, organizationLd, serializeJsonLd, webinarLd, websiteLd } from '../../src/seo/jsonld';

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

  it('escapes < so that content cannot close the script element', () => {
    const json = serializeJsonLd({ name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json).name).toBe('</script><script>alert(1)</script>');
  });
});
