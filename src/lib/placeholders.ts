// School facts that the content team writes as %%markers%% in MDX (legal pages) are filled at
// build from content/marketing/organization.yaml. A value still marked PLACEHOLDER is shown as an
// explicit « à compléter » mark, never as a real fact.

export function isPlaceholder(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.includes('PLACEHOLDER'));
}

/** Visible text for a school fact: the value, or an explicit « à compléter » mark. */
export function factText(value: unknown, label: string): string {
  return isPlaceholder(value) ? `[à compléter : ${label}]` : String(value);
}

export function fillMarkers(html: string, values: Record<string, { value: unknown; label: string }>): string {
  return html.replace(/%%([a-zA-Z]+)%%/g, (marker, key: string) => {
    const fact = values[key];
    if (!fact) throw new Error(`Marqueur inconnu ${marker} : clés possibles ${Object.keys(values).join(', ')}`);
    return escapeHtml(factText(fact.value, fact.label));
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
