// JSON-LD builders, typed with schema-dts, following Google Search Central
// (../shared/reference/domain-legal-seo.md §2). Rich results for Course, Event and FAQ are not
// shown in France today; the markup is still precise, machine-readable and matches visible text.
// No Review/AggregateRating about the school itself: Google treats that as self-serving.
import type {
  BlogPosting,
  BreadcrumbList,
  Course,
  EducationalOrganization,
  Event,
  FAQPage,
  ItemList,
  WebSite,
  WithContext,
} from 'schema-dts';
import { absoluteUrl } from './canonical';
import { markdownToText } from '../lib/inline-markdown';

export interface OrgFacts {
  name: string;
  legalName?: string;
  description: string;
  email: string;
  /** Undefined while the school's number is not known (no invented number). */
  phone?: string;
  site: string;
  address?: { street?: string; postalCode: string; city: string; country: string };
  vatID?: string;
  /** The school's own pages on social networks (organization.yaml social), once filled. */
  sameAs?: string[];
}

const orgId = (site: string) => `${absoluteUrl('/', site)}#organisation`;
const siteId = (site: string) => `${absoluteUrl('/', site)}#site`;

export function organizationLd(org: OrgFacts): WithContext<EducationalOrganization> {
  return {
    '@context': 'https://schema.org',
    '@type': 'EducationalOrganization',
    '@id': orgId(org.site),
    name: org.name,
    ...(org.legalName ? { legalName: org.legalName } : {}),
    description: org.description,
    url: absoluteUrl('/', org.site),
    logo: absoluteUrl('/logo.png', org.site),
    email: org.email,
    ...(org.phone ? { telephone: org.phone } : {}),
    ...(org.vatID ? { vatID: org.vatID } : {}),
    ...(org.address
      ? {
          address: {
            '@type': 'PostalAddress',
            ...(org.address.street ? { streetAddress: org.address.street } : {}),
            postalCode: org.address.postalCode,
            addressLocality: org.address.city,
            addressCountry: org.address.country,
          },
        }
      : {}),
    contactPoint: { '@type': 'ContactPoint', contactType: 'customer service', ...(org.phone ? { telephone: org.phone } : {}), email: org.email, availableLanguage: 'French' },
    ...(org.sameAs?.length ? { sameAs: org.sameAs } : {}),
  };
}

export function websiteLd(site: string, name: string): WithContext<WebSite> {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    '@id': siteId(site),
    name,
    url: absoluteUrl('/', site),
    inLanguage: 'fr-FR',
    publisher: { '@id': orgId(site) },
  };
}

export function breadcrumbLd(items: { name: string; path?: string }[], site: string): WithContext<BreadcrumbList> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: item.name,
      ...(item.path ? { item: absoluteUrl(item.path, site) } : {}),
    })),
  };
}

export interface CourseFacts {
  name: string;
  description: string;
  path: string;
  price: number;
  totalHours: number;
  weeklyHours: number;
  weeks: number;
  prerequisites: string[];
  credential?: string;
  financialAid: string[];
}

/** ISO 8601 duration for a number of hours, to the minute: 12 → PT12H, 3.5 → PT3H30M, 0.25 → PT15M. */
export function hoursToDuration(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) throw new Error(`durée invalide : ${hours} h (un nombre d’heures positif est attendu)`);
  const minutes = Math.round(hours * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h || !m ? `${h}H` : ''}${m ? `${m}M` : ''}`;
}

export function courseLd(course: CourseFacts, site: string): WithContext<Course> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    '@id': `${absoluteUrl(course.path, site)}#formation`,
    name: course.name,
    description: course.description,
    url: absoluteUrl(course.path, site),
    inLanguage: 'fr',
    provider: { '@id': orgId(site) },
    coursePrerequisites: course.prerequisites,
    ...(course.credential ? { educationalCredentialAwarded: course.credential } : {}),
    financialAidEligible: course.financialAid.join(', '),
    timeRequired: hoursToDuration(course.totalHours),
    offers: {
      '@type': 'Offer',
      category: 'Paid',
      price: course.price,
      priceCurrency: 'EUR',
      url: absoluteUrl(course.path, site),
      availability: 'https://schema.org/InStock',
    },
    hasCourseInstance: {
      '@type': 'CourseInstance',
      courseMode: 'Online',
      // Google's Course documentation: total workload as an ISO 8601 duration.
      courseWorkload: hoursToDuration(course.totalHours),
      courseSchedule: { '@type': 'Schedule', repeatFrequency: 'P1W', repeatCount: course.weeks, duration: hoursToDuration(course.weeklyHours) },
      inLanguage: 'fr',
    },
  };
}

export function courseListLd(courses: { name: string; path: string }[], site: string): WithContext<ItemList> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ItemList',
    itemListElement: courses.map((course, index) => ({ '@type': 'ListItem', position: index + 1, url: absoluteUrl(course.path, site), name: course.name })),
  };
}

export interface PostFacts {
  headline: string;
  description: string;
  path: string;
  image: string;
  published: Date;
  modified?: Date;
  author: string;
  section: string;
}

export function blogPostingLd(post: PostFacts, site: string): WithContext<BlogPosting> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.headline,
    description: post.description,
    url: absoluteUrl(post.path, site),
    mainEntityOfPage: absoluteUrl(post.path, site),
    image: absoluteUrl(post.image, site),
    datePublished: post.published.toISOString(),
    dateModified: (post.modified ?? post.published).toISOString(),
    author: { '@type': 'Organization', name: post.author, url: absoluteUrl('/', site) },
    publisher: { '@id': orgId(site) },
    articleSection: post.section,
    inLanguage: 'fr-FR',
  };
}

export interface EventFacts {
  name: string;
  description: string;
  path: string;
  image: string;
  start: Date;
  durationMinutes: number;
  /** prevu, reporte (previousStart set), annule (content/webinars status). */
  status?: 'prevu' | 'reporte' | 'annule';
  previousStart?: Date;
  /** The session is over: registration is closed (no offer), the page is its replay. */
  past?: boolean;
  performer?: { name: string; role: string };
}

const EVENT_STATUS = {
  prevu: 'https://schema.org/EventScheduled',
  reporte: 'https://schema.org/EventRescheduled',
  annule: 'https://schema.org/EventCancelled',
} as const;

export function webinarLd(event: EventFacts, site: string): WithContext<Event> {
  const end = new Date(event.start.getTime() + event.durationMinutes * 60_000);
  const status = event.status ?? 'prevu';
  // Google: keep cancelled and rescheduled events with their status; an offer only while one can register.
  const open = !event.past && status !== 'annule';
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.name,
    description: event.description,
    image: absoluteUrl(event.image, site),
    startDate: event.start.toISOString(),
    endDate: end.toISOString(),
    ...(status === 'reporte' && event.previousStart ? { previousStartDate: event.previousStart.toISOString() } : {}),
    eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
    eventStatus: EVENT_STATUS[status],
    location: { '@type': 'VirtualLocation', url: absoluteUrl(event.path, site) },
    organizer: { '@id': orgId(site) },
    ...(event.performer ? { performer: { '@type': 'Organization', name: event.performer.name, description: event.performer.role } } : {}),
    isAccessibleForFree: true,
    ...(open ? { offers: { '@type': 'Offer', price: 0, priceCurrency: 'EUR', url: absoluteUrl(event.path, site), availability: 'https://schema.org/InStock', validThrough: event.start.toISOString() } } : {}),
    inLanguage: 'fr-FR',
  };
}

export function faqLd(items: { question: string; answer: string }[]): WithContext<FAQPage> {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    // Answers may hold simple Markdown (links): the structured data carries their words only.
    mainEntity: items.map((item) => ({ '@type': 'Question', name: markdownToText(item.question), acceptedAnswer: { '@type': 'Answer', text: markdownToText(item.answer) } })),
  };
}

/** `{ "@id": … }` references found anywhere in a node tree. */
function references(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === '@id' && typeof entries[0]![1] === 'string') out.add(entries[0]![1]);
    else for (const [, v] of entries) references(v, out);
  }
  return out;
}

/** `@id`s of the nodes defined (an `@id` with properties) anywhere in a node tree. */
function definitions(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) definitions(v, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['@id'] === 'string' && Object.keys(record).length > 1) out.add(record['@id']);
    for (const v of Object.values(record)) definitions(v, out);
  }
  return out;
}

/**
 * The page's structured data with every `{ "@id" }` reference resolvable on the page: the school
 * (EducationalOrganization) is added where a Course's provider, an Event's organizer or a
 * post's publisher names it and the page does not define it. Any other unresolved reference is
 * a programming error: the build stops with its name.
 */
export function completeGraph(nodes: unknown[], org: OrgFacts): unknown[] {
  const all = [...nodes];
  const missing = () => [...references(all)].filter((id) => !definitions(all).has(id));
  if (missing().includes(orgId(org.site))) all.push(organizationLd(org));
  const unresolved = missing();
  if (unresolved.length) throw new Error(`JSON-LD : référence sans nœud sur la page : ${unresolved.join(', ')}`);
  return all;
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no content can close the tag. */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
