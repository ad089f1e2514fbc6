import { describe, expect, it } from 'vitest';
import { absoluteUrl, pagePath, routes } from '../../src/seo/canonical';
import { fillMarkers, factText, isPlaceholder } from '../../src/lib/placeholders';

describe('URLs', () => {
  it('always ends page paths with a slash, never files', () => {
    expect(pagePath('/formations')).toBe('/formations/');
    expect(pagePath('formations/cap/')).toBe('/formations/cap/');
    expect(pagePath('/rss.xml')).toBe('/rss.xml');
    expect(pagePath('/blog?x=1#top')).toBe('/blog/?x=1#top');
    expect(pagePath('//a//b')).toBe('/a/b/');
  });

  it('builds absolute URLs on the site', () => {
    expect(absoluteUrl('/formations', 'https://www.mecaformation.fr')).toBe('https://www.mecaformation.fr/formations/');
    expect(absoluteUrl('/', 'https://www.mecaformation.fr')).toBe('https://www.mecaformation.fr/');
  });

  it('names routes in French with trailing slashes', () => {
    expect(routes.blog(1)).toBe('/blog/');
    expect(routes.blog(2)).toBe('/blog/page/2/');
    expect(routes.category('financement')).toBe('/blog/categorie/financement/');
    expect(routes.audience('garages')).toBe('/pour-qui/garages/');
  });
});

describe('school facts placeholders', () => {
  it('shows a placeholder as « à compléter », never as a fact', () => {
    expect(isPlaceholder('PLACEHOLDER')).toBe(true);
    expect(isPlaceholder(null)).toBe(true);
    expect(factText('PLACEHOLDER – x', 'SIRET')).toBe('[à compléter : SIRET]');
    expect(factText('12345', 'SIRET')).toBe('12345');
  });

  it('fills %%markers%% and rejects unknown ones', () => {
    const values = { siret: { value: 'PLACEHOLDER', label: 'SIRET' }, email: { value: 'a@b.fr', label: 'e-mail' } };
    expect(fillMarkers('<p>%%siret%% / %%email%%</p>', values)).toBe('<p>[à compléter : SIRET] / a@b.fr</p>');
    expect(() => fillMarkers('%%nope%%', values)).toThrow(/%%nope%%/);
  });
});
