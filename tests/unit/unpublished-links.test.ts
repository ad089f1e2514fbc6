import { describe, expect, it } from 'vitest';
import { unlinkPaths } from '../../src/lib/unpublished-links';

describe('links to unpublished articles', () => {
  it('become text until publication, other links stay', () => {
    const html = '<p>Voir <a href="/blog/futur/">l’article à venir</a> et <a href="/blog/publie/">celui-ci</a>.</p>';
    expect(unlinkPaths(html, new Set(['/blog/futur/']))).toBe('<p>Voir <span>l’article à venir</span> et <a href="/blog/publie/">celui-ci</a>.</p>');
  });
});
