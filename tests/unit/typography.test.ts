import { describe, expect, it } from 'vitest';
import { brokenUnits } from '../shared/typography-audit';
import { frenchHtml, frenchText, formatDate, formatEuros, formatNumber, formatTime, NBSP, NNBSP } from '../../src/lib/typography';

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
    // No separator is invented inside 15000; the unit still stays with its number.
    expect(frenchText('15000 euros')).toBe(`15000${NBSP}euros`);
    expect(frenchText('en 2026 et 2027')).toBe('en 2026 et 2027');
  });

  it('binds a number to its unit with U+00A0: 780 h, 21 h, 25 ans, 10 jours, 400 V, 22 kW, 130 km/h', () => {
    expect(cp(frenchText('780 h'))).toEqual(['0037', '0038', '0030', '00a0', '0068']);
    expect(cp(frenchText('25 ans'))).toEqual(['0032', '0035', '00a0', '0061', '006e', '0073']);
    expect(frenchText('21 h en ligne et 10 jours de pratique')).toBe(`21${NBSP}h en ligne et 10${NBSP}jours de pratique`);
    expect(frenchText('de 18 à 25 ans')).toBe(`de 18 à 25${NBSP}ans`);
    expect(frenchText('400 V, 22 kW, 60 kWh, 130 km/h, 700 bars, 12 volts')).toBe(
      `400${NBSP}V, 22${NBSP}kW, 60${NBSP}kWh, 130${NBSP}km/h, 700${NBSP}bars, 12${NBSP}volts`,
    );
    expect(frenchText('1 an, 6 mois, 12 semaines, 35 heures, 5 min, 30 s, 2 kg, 50 km')).toBe(
      `1${NBSP}an, 6${NBSP}mois, 12${NBSP}semaines, 35${NBSP}heures, 5${NBSP}min, 30${NBSP}s, 2${NBSP}kg, 50${NBSP}km`,
    );
    expect(frenchText('24 places, 8 personnes, 10 modules, 40 pages, 10 points clés')).toBe(
      `24${NBSP}places, 8${NBSP}personnes, 10${NBSP}modules, 40${NBSP}pages, 10${NBSP}points clés`,
    );
    // Decimals, and a line break or a narrow space typed between number and unit.
    expect(frenchText('3,5 h')).toBe(`3,5${NBSP}h`);
    expect(frenchText(`780\n h et 12${NNBSP}jours`)).toBe(`780${NBSP}h et 12${NBSP}jours`);
    // Never across a paragraph break of a plain-text e-mail.
    expect(frenchText('en 2026\n\nheures')).toBe('en 2026\n\nheures');
    // The singular: 1 jour, 1 heure, 1 place.
    expect(frenchText('1 jour, 1 heure, 1 place')).toBe(`1${NBSP}jour, 1${NBSP}heure, 1${NBSP}place`);
  });

  it('groups the thousands of a quantity with U+202F: 1 500 V, 12 000 km, 1 000 000 km', () => {
    expect(cp(frenchText('1 500 V'))).toEqual(['0031', '202f', '0035', '0030', '0030', '00a0', '0056']);
    expect(frenchText('12 000 km et 1 000 000 km')).toBe(`12${NNBSP}000${NBSP}km et 1${NNBSP}000${NNBSP}000${NBSP}km`);
    expect(frenchText(`1${NBSP}500 heures`)).toBe(`1${NNBSP}500${NBSP}heures`);
    // A year before a quantity is not its thousands: « en 2026 500 personnes ».
    expect(frenchText('en 2026 500 personnes')).toBe(`en 2026 500${NBSP}personnes`);
  });

  it('binds times and dates: 18 h 30, 9 h, 1er décembre, 23 novembre', () => {
    expect(cp(frenchText('18 h 30'))).toEqual(['0031', '0038', '00a0', '0068', '00a0', '0033', '0030']);
    expect(frenchText('de 9 h à 18 h 30')).toBe(`de 9${NBSP}h à 18${NBSP}h${NBSP}30`);
    expect(frenchText('le 1er décembre 2026')).toBe(`le 1er${NBSP}décembre 2026`);
    expect(frenchText('23 novembre 2026')).toBe(`23${NBSP}novembre 2026`);
  });

  it('leaves what is not a quantity of a unit alone', () => {
    for (const text of [
      'en 2026',
      'à 18:30',
      'le RGAA 4.1 s’appuie sur les WCAG 2.1',
      'l’article 7 s’applique',
      'le règlement (UE) 2019/2144 s’applique',
      'les niveaux B2 V et B1L',
      'Articles L6353-3 à L6353-7 du Code du travail',
      'Page 1 sur 2',
      '+33 1 84 60 00 00',
      '06 12 34 56 78',
      '75000 Paris',
      'version 2.10 min',
      '3 hybrides, 2 Véhicules',
      '2 ansérines',
      '12 v',
      '780h',
    ]) {
      expect(frenchText(text), text).toBe(text);
    }
  });

  it('curls apostrophes between letters, including the escaped form', () => {
    expect(frenchText("l'atelier d&#39;un garage")).toBe('l’atelier d’un garage');
  });

  it('is idempotent', () => {
    const once = frenchText('« Prix : 1 490 € ! »');
    expect(frenchText(once)).toBe(once);
    const units = frenchText('1 500 V, 780 h, 18 h 30, le 1er décembre, 12 000 km');
    expect(frenchText(units)).toBe(units);
    expect(frenchHtml(frenchHtml('<b>780</b> h'))).toBe(frenchHtml('<b>780</b> h'));
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

  it('binds units in text and readable attributes, never in URLs, classes, code or scripts', () => {
    const html =
      '<p class="mt-2 gap-4" data-x="10 h">Durée : 780 h</p><img src="/a-25 ans.png" alt="Atelier, 400 V"><a href="/b?d=10 jours">10 jours</a>' +
      '<code>sleep 5 s</code><script>const d = "3 h";</script><meta name="description" content="Formation de 105 h">';
    const out = frenchHtml(html);
    expect(out).toContain(`<p class="mt-2 gap-4" data-x="10 h">Durée${NNBSP}: 780${NBSP}h</p>`);
    expect(out).toContain(`src="/a-25 ans.png" alt="Atelier, 400${NBSP}V"`);
    expect(out).toContain(`<a href="/b?d=10 jours">10${NBSP}jours</a>`);
    expect(out).toContain('<code>sleep 5 s</code><script>const d = "3 h";</script>');
    expect(out).toContain(`content="Formation de 105${NBSP}h"`);
  });

  it('binds a number to a unit that starts the next text run: <strong>780</strong> h', () => {
    expect(frenchHtml('<strong>780</strong> h et <b>12</b> jours')).toBe(`<strong>780</strong>${NBSP}h et <b>12</b>${NBSP}jours`);
    expect(frenchHtml('<b>1 500</b> V')).toBe(`<b>1${NNBSP}500</b>${NBSP}V`);
    expect(frenchHtml('<span>soit 1 500 </span><abbr>V</abbr>')).toBe(`<span>soit 1${NNBSP}500${NBSP}</span><abbr>V</abbr>`);
    // Not across a block boundary or a code element.
    expect(frenchHtml('<td>780</td> <td>h</td>')).toBe('<td>780</td> <td>h</td>');
  });
});

describe('French formats', () => {
  it('formats euros without decimals', () => {
    expect(formatEuros(890)).toBe(`890${NBSP}€`);
    expect(formatEuros(1490)).toBe(`1${NNBSP}490${NBSP}€`);
  });

  it('writes quantities with a decimal comma and grouped thousands: 3,5 and 1 200', () => {
    expect(formatNumber(3.5)).toBe('3,5');
    expect(formatNumber(12)).toBe('12');
    expect(cp(formatNumber(1200))).toEqual(['0031', '202f', '0032', '0030', '0030']);
    expect(frenchText(`${formatNumber(3.5)} h par semaine`)).toBe(`3,5${NBSP}h par semaine`);
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

describe('the audit of built pages (tests/shared/typography-audit.ts)', () => {
  it('finds a split number and unit in text, across inline tags and in readable attributes', () => {
    expect(brokenUnits('<p>Durée : 780 h</p>')).toHaveLength(1);
    expect(brokenUnits('<p><strong>1 500</strong> V</p>')).toHaveLength(1);
    expect(brokenUnits('<img alt="25 ans" src="x.png">')).toHaveLength(1);
    expect(brokenUnits('<meta name="description" content="10 jours de pratique">')).toHaveLength(1);
    expect(brokenUnits('<p>3.5 h par semaine</p>')).toHaveLength(1);
  });

  it('ignores bound units, code, scripts, URLs, other attributes and what is no unit', () => {
    expect(brokenUnits(`<p>780${NBSP}h, 1${NNBSP}500${NBSP}V</p>`)).toEqual([]);
    expect(brokenUnits('<code>sleep 5 s</code><script>"3 h"</script><pre>10 jours</pre>')).toEqual([]);
    expect(brokenUnits('<a href="/x?d=10 jours" class="gap-4 h">B2 V, en 2026, l’article 7 s’applique</a>')).toEqual([]);
  });

  it('passes what frenchHtml writes', () => {
    const html = '<p>De 18 à 25 ans, 780 h en 48 semaines, <b>1 500</b> V, le 1er décembre à 18 h 30.</p>';
    expect(brokenUnits(html).length).toBeGreaterThan(2);
    expect(brokenUnits(frenchHtml(html))).toEqual([]);
  });
});
