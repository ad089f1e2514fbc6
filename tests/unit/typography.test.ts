import { describe, expect, it } from 'vitest';
import { frenchHtml, frenchText, formatDate, formatEuros, formatTime, NBSP, NNBSP } from '../../src/lib/typography';

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0'));

describe('frenchText', () => {
  it('puts a narrow no-break space (U+202F) before ; : ! ?', () => {
    expect(frenchText('Tarifs : 890 €')).toBe(`Tarifs${NNBSP}:${NBSP.replace(NBSP, ' ')}890${NBSP}€`);
    expect(frenchText('Pourquoi ? Parce que ! Oui ; non')).toBe(`Pourquoi${NNBSP}? Parce que${NNBSP}! Oui${NNBSP}; non`);
    expect(cp(frenchText('a :'))).toEqual(['0061', '202f', '003a']);
  });

  it('adds the space when it is missing, but not inside times or URLs', () => {
    expect(frenchText('Pourquoi?')).toBe(`Pourquoi${NNBSP}?`);
    expect(frenchText('Note: voir')).toBe(`Note${NNBSP}: voir`);
    expect(frenchText('à 18:30')).toBe('à 18:30');
    expect(frenchText('https://www.mecaformation.fr/?ref=abc')).toBe('https://www.mecaformation.fr/?ref=abc');
    expect(frenchText('Vraiment ?!')).toBe(`Vraiment${NNBSP}?!`);
  });

  it('replaces an existing no-break space by a narrow one', () => {
    expect(cp(frenchText(`Oui${NBSP}!`))).toEqual(['004f', '0075', '0069', '202f', '0021']);
  });

  it('puts narrow no-break spaces inside « »', () => {
    expect(frenchText('« Bonjour »')).toBe(`«${NNBSP}Bonjour${NNBSP}»`);
    expect(frenchText('«Bonjour»')).toBe(`«${NNBSP}Bonjour${NNBSP}»`);
  });

  it('puts a no-break space in 890 € and 100 %, and groups thousands in amounts', () => {
    expect(cp(frenchText('890 €'))).toEqual(['0038', '0039', '0030', '00a0', '20ac']);
    expect(cp(frenchText('100%'))).toEqual(['0031', '0030', '0030', '00a0', '0025']);
    expect(frenchText('1 490 €')).toBe(`1${NNBSP}490${NBSP}€`);
    expect(frenchText('15000 euros')).toBe('15000 euros');
    expect(frenchText('en 2026 et 2027')).toBe('en 2026 et 2027');
  });

  it('curls apostrophes between letters, including the escaped form', () => {
    expect(frenchText("l'atelier d&#39;un garage")).toBe('l’atelier d’un garage');
  });

  it('is idempotent', () => {
    const once = frenchText('« Prix : 1 490 € ! »');
    expect(frenchText(once)).toBe(once);
  });
});

describe('frenchHtml', () => {
  it('changes text nodes and readable attributes, not markup, code or scripts', () => {
    const html =
      '<p title="Prix : bas">Tarif : <a href="/a?b=1:2">890 €</a> !</p><code>a : b</code><script>var x = {a: 1} ? 1 : 2;</script>' +
      '<meta name="description" content="Formation : 890 €">';
    const out = frenchHtml(html);
    expect(out).toContain(`title="Prix${NNBSP}: bas"`);
    expect(out).toContain(`Tarif${NNBSP}: <a href="/a?b=1:2">890${NBSP}€</a>${NNBSP}!`);
    expect(out).toContain('<code>a : b</code>');
    expect(out).toContain('<script>var x = {a: 1} ? 1 : 2;</script>');
    expect(out).toContain(`content="Formation${NNBSP}: 890${NBSP}€"`);
  });

  it('leaves preformatted text and form fields alone', () => {
    const html = '<pre>x : y</pre><textarea>Bonjour !</textarea>';
    expect(frenchHtml(html)).toBe(html);
  });
});

describe('French formats', () => {
  it('formats euros without decimals', () => {
    expect(formatEuros(890)).toBe(`890${NBSP}€`);
    expect(formatEuros(1490)).toBe(`1${NNBSP}490${NBSP}€`);
  });

  it('writes 1er for the first day of the month', () => {
    expect(formatDate(new Date('2026-12-01T12:00:00Z'))).toBe('1er décembre 2026');
    expect(formatDate(new Date('2026-11-23T12:00:00Z'))).toBe('23 novembre 2026');
  });

  it('writes times as 18 h 30 and 9 h', () => {
    expect(formatTime(new Date('2026-12-10T17:30:00Z'))).toBe(`18${NBSP}h${NBSP}30`);
    expect(formatTime(new Date('2026-12-10T08:00:00Z'))).toBe(`9${NBSP}h`);
  });
});
