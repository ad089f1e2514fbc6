// Content may link to an article that is scheduled but not published yet. Until its day comes,
// such a link would be a 404: it is rendered as plain text, and becomes a link again in the first
// build after publication.
export function unlinkPaths(html: string, paths: Set<string>): string {
  if (!paths.size) return html;
  return html.replace(/<a\b[^>]*\bhref="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g, (anchor, href: string, inner: string) =>
    paths.has(href.split(/[?#]/)[0]) ? `<span>${inner}</span>` : anchor,
  );
}
