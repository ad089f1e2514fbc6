import { describe, expect, it } from 'vitest';
import { withoutSearchBody } from '../../src/integrations/ab-variants';

describe('A/B variant copies', () => {
  it('leave the search index: their <main> no longer opts in, whatever its other attributes', () => {
    expect(withoutSearchBody('<main id="contenu" class="flex-1" tabindex="-1" data-pagefind-body><h1>x</h1></main>')).toBe('<main id="contenu" class="flex-1" tabindex="-1"><h1>x</h1></main>');
    expect(withoutSearchBody('<main data-pagefind-body="" class="a">y</main>')).toBe('<main class="a">y</main>');
  });
  it('keep the text of a page that mentions the attribute outside <main>', () => {
    const html = '<main class="a">data-pagefind-body is an attribute</main>';
    expect(withoutSearchBody(html)).toBe(html);
  });
});
