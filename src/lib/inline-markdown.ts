// The « Markdown simple » of short content fields (FAQ answers, content.config.ts): links,
// **strong** and *emphasis* inside one paragraph. Pages render it as HTML (Faq.astro); JSON-LD and
// other plain-text outputs get the words alone (markdownToText), never Markdown syntax.

export interface InlinePart {
  text: string;
  href?: string;
  strong?: boolean;
  em?: boolean;
}

const TOKEN = /\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*|__([^_\n]+)__|(?<![\p{L}\p{N}])\*([^*\n]+)\*(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_([^_\n]+)_(?![\p{L}\p{N}])/gu;

/** Splits a short Markdown text into plain, linked, strong and emphasised runs. */
export function inlineMarkdown(source: string): InlinePart[] {
  const parts: InlinePart[] = [];
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ text: source.slice(last, m.index) });
    const [, linkText, href, strong1, strong2, em1, em2] = m;
    if (linkText !== undefined) parts.push({ text: linkText, href });
    else if (strong1 ?? strong2) parts.push({ text: (strong1 ?? strong2)!, strong: true });
    else parts.push({ text: (em1 ?? em2)!, em: true });
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push({ text: source.slice(last) });
  return parts;
}

/** The words of a short Markdown text, without its syntax: « la page [tarifs](/tarifs/) » → « la page tarifs ». */
export function markdownToText(source: string): string {
  return inlineMarkdown(source)
    .map((p) => p.text)
    .join('');
}
