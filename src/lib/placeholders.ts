// School facts that the content team writes as %%markers%% in MDX (legal pages) are filled at
// build from content/marketing/organization.yaml. A value still marked PLACEHOLDER is shown as an
// explicit « à compléter » mark, never as a real fact (and a production build refuses to run:
// src/lib/missing-facts.ts). A sentence that stays true without the fact does not show it: an
// optional marker %%key?%% drops its whole list item while the fact is missing.

export function isPlaceholder(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.includes('PLACEHOLDER'));
}

/** The value when it is a real fact, otherwise undefined (for texts that read well without it). */
export function known<T>(value: T): Exclude<T, null | undefined> | undefined {
  return isPlaceholder(value) ? undefined : (value as Exclude<T, null | undefined>);
}

/** Visible text for a school fact: the value, or an explicit « à compléter » mark. */
export function factText(value: unknown, label: string): string {
  return isPlaceholder(value) ? `[à compléter : ${label}]` : String(value);
}

type Facts = Record<string, { value: unknown; label: string }>;

export function fillMarkers(html: string, values: Facts): string {
  if (!html.includes('%%')) return html;
  const fact = (marker: string, key: string) => {
    const found = values[key];
    if (!found) throw new Error(`Marqueur inconnu ${marker} : clés possibles ${Object.keys(values).join(', ')}`);
    return found;
  };
  // A list item with an optional marker of a missing fact goes away as a whole.
  const withoutOptional = html.replace(/<li\b[^>]*>(?:(?!<\/?li\b)[\s\S])*?<\/li>/g, (item) => {
    const optional = [...item.matchAll(/%%([a-zA-Z]+)\?%%/g)];
    return optional.some((m) => isPlaceholder(fact(m[0], m[1]!).value)) ? '' : item;
  });
  return withoutOptional.replace(/%%([a-zA-Z]+)(\?)?%%/g, (marker, key: string, optional: string | undefined) => {
    const { value, label } = fact(marker, key);
    if (optional && isPlaceholder(value)) throw new Error(`Marqueur facultatif ${marker} hors d’un élément de liste : il ne peut s’effacer que dans une liste`);
    return escapeHtml(factText(value, label));
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
