// Audit of a page's JSON-LD, as Google's Rich Results Test and the Schema Markup Validator would
// read it: every block parses, every node has the schema.org context and a known type, every
// { "@id" } reference names a node defined on the same page, durations are ISO 8601, dates parse,
// URLs are absolute, breadcrumbs are well formed, and no text carries Markdown or a placeholder.
// Used by tests/e2e/seo.spec.ts on every page of dist/, and tested itself in tests/unit/jsonld.test.ts.

/** The schema.org types the site writes (a typo in a type is an unknown type). */
export const KNOWN_TYPES = new Set([
  'Answer',
  'BlogPosting',
  'BreadcrumbList',
  'ContactPoint',
  'Course',
  'CourseInstance',
  'EducationalOrganization',
  'Event',
  'FAQPage',
  'ItemList',
  'ListItem',
  'Offer',
  'Organization',
  'Person',
  'PostalAddress',
  'Question',
  'Schedule',
  'VirtualLocation',
  'WebSite',
]);

const DURATION_KEYS = new Set(['duration', 'timeRequired', 'courseWorkload', 'repeatFrequency']);
const DATE_KEYS = new Set(['startDate', 'endDate', 'previousStartDate', 'datePublished', 'dateModified', 'validThrough']);
const URL_KEYS = new Set(['url', 'item', 'logo', 'image', 'mainEntityOfPage', '@id']);
/** ISO 8601 durations (no fractional hours or minutes: PT3.5H is not one; seconds may be decimal). */
const ISO_DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:\.\d+)?S)?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MARKDOWN = [/\[[^\]\n]+\]\([^)\s]+\)/, /\*\*[^*\n]+\*\*/, /(^|\s)#{1,6}\s/, /`[^`\n]+`/, /(^|\s)__[^_\n]+__/];
const PLACEHOLDER = /PLACEHOLDER|à compléter\s*:|\[à compléter/i;

/** Problems in the JSON-LD blocks of one page, as « where: what » strings; empty when clean. */
export function auditJsonLd(blocks: string[]): string[] {
  const problems: string[] = [];
  const nodes: unknown[] = [];
  blocks.forEach((text, i) => {
    try {
      nodes.push(JSON.parse(text));
    } catch (error) {
      problems.push(`bloc ${i + 1} : JSON invalide (${(error as Error).message})`);
    }
  });
  const defined = new Set<string>();
  const referenced: { id: string; where: string }[] = [];

  const visit = (value: unknown, where: string, key: string | undefined, top: boolean) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${where}[${i}]`, key, top));
      return;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === '@id') {
        if (typeof record['@id'] !== 'string') problems.push(`${where} : @id non textuel`);
        else referenced.push({ id: record['@id'], where });
        return;
      }
      if (top && record['@context'] !== 'https://schema.org') problems.push(`${where} : @context ${JSON.stringify(record['@context'])} au lieu de https://schema.org`);
      if (!top && '@context' in record) problems.push(`${where} : @context dans un nœud imbriqué`);
      const type = record['@type'];
      const types = Array.isArray(type) ? type : [type];
      if (top || type !== undefined) {
        if (!types.length || types.some((t) => typeof t !== 'string' || !KNOWN_TYPES.has(t))) problems.push(`${where} : @type ${JSON.stringify(type)} inconnu ou absent`);
      }
      if (typeof record['@id'] === 'string') {
        if (defined.has(record['@id'])) problems.push(`${where} : @id ${record['@id']} défini deux fois`);
        defined.add(record['@id']);
      }
      if (type === 'BreadcrumbList') checkBreadcrumbs(record, where, problems);
      for (const [k, v] of Object.entries(record)) if (k !== '@context' && k !== '@type') visit(v, `${where}.${k}`, k, false);
      return;
    }
    if (typeof value === 'string') {
      if (key && DURATION_KEYS.has(key) && !ISO_DURATION.test(value)) problems.push(`${where} : durée « ${value} » non conforme à ISO 8601`);
      if (key && DATE_KEYS.has(key) && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))) problems.push(`${where} : date « ${value} » non conforme à ISO 8601`);
      if (key && URL_KEYS.has(key) && !/^https?:\/\/[^/\s]+\/\S*$/.test(value)) problems.push(`${where} : URL « ${value} » non absolue`);
      if (MARKDOWN.some((re) => re.test(value))) problems.push(`${where} : Markdown dans le texte « ${value.slice(0, 80)} »`);
      if (PLACEHOLDER.test(value)) problems.push(`${where} : texte à compléter « ${value.slice(0, 80)} »`);
    }
  };
  nodes.forEach((node, i) => visit(node, `bloc ${i + 1}`, undefined, true));
  for (const r of referenced) if (!defined.has(r.id)) problems.push(`${r.where} : la référence ${r.id} ne désigne aucun nœud de la page`);
  return problems;
}

function checkBreadcrumbs(list: Record<string, unknown>, where: string, problems: string[]) {
  const items = list.itemListElement;
  if (!Array.isArray(items) || !items.length) {
    problems.push(`${where} : BreadcrumbList sans itemListElement`);
    return;
  }
  items.forEach((raw, i) => {
    const item = raw as Record<string, unknown>;
    if (item['@type'] !== 'ListItem') problems.push(`${where}.itemListElement[${i}] : @type ListItem attendu`);
    if (item.position !== i + 1) problems.push(`${where}.itemListElement[${i}] : position ${JSON.stringify(item.position)} au lieu de ${i + 1}`);
    if (typeof item.name !== 'string' || !item.name) problems.push(`${where}.itemListElement[${i}] : name absent`);
    // Google: every crumb but the last one links to its page.
    if (i < items.length - 1 && typeof item.item !== 'string') problems.push(`${where}.itemListElement[${i}] (« ${String(item.name)} ») : item absent`);
  });
}
