import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageFacts } from '../../src/seo/page-facts';
import { readBuiltSite, builtSite, forgetBuiltSite } from '../../src/seo/built-site';
import { BANNER_SLOT, HERO_SLOT } from '../../src/lib/campaign-slots';

const page = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>  Formation   &amp; diagnostic | MécaFormation </title>
<meta name="description" content="Se former au diagnostic &laquo;&nbsp;ADAS&nbsp;&raquo; à distance.">
<meta name="description" content="second, ignored">
<meta name="robots" content="noindex, follow">
<link rel="canonical" href="https://example.fr/a/"><link rel="canonical" href="https://example.fr/b/">
<meta property="og:image" content="https://example.fr/og/a.png"><meta property="og:title" content="Titre &quot;OG&quot;">
<meta property="og:type" content="article"><meta name="og-kind" content="Article">
<meta property="article:published_time" content="2026-11-02T00:00:00.000Z">
</head><body><title>not the head's</title>
<h1>Le <span class="sr-only">titre</span>
  <img src="/x.png" alt="">principal</h1>
<main><h1>Deuxième</h1><img src="/y.png"><IMG SRC="/z.png">
<a href="/formations/">Formations</a><a href="">vide</a><a name="ancre">sans lien</a>
<noscript><a href="/contact/">Contact</a></noscript>
<template><a href="/modele/">dans un modèle</a></template>
<script>const s = '<a href="/pas-un-lien/">';</script>
<div>${BANNER_SLOT}</div></main></body></html>`;

describe('pageFacts', () => {
  const facts = pageFacts(page, [BANNER_SLOT, HERO_SLOT]);

  it('reads the head as a browser does: first title and description, entities decoded, spaces collapsed', () => {
    expect(facts.title).toBe('Formation & diagnostic | MécaFormation');
    expect(facts.description).toBe('Se former au diagnostic «\u00a0ADAS\u00a0» à distance.');
    expect(facts.noindex).toBe(true);
    expect(facts.canonical).toEqual(['https://example.fr/a/', 'https://example.fr/b/']);
    expect(facts.og).toEqual({ image: 'https://example.fr/og/a.png', title: 'Titre "OG"', type: 'article', kind: 'Article' });
    expect(facts.publishedTime).toBe('2026-11-02T00:00:00.000Z');
  });

  it('takes each h1 with the text of its descendants', () => {
    expect(facts.h1s).toEqual(['Le titre principal', 'Deuxième']);
  });

  it('counts images without alt (any case) and every link with an href, scripts excluded', () => {
    expect(facts.imagesWithoutAlt).toBe(2);
    expect(facts.links).toEqual(['/formations/', '', '/contact/', '/modele/']);
  });

  it('records which markers the page carries', () => {
    expect([...facts.markers]).toEqual([BANNER_SLOT]);
  });

  it('a page without head tags has empty facts, and no description is undefined', () => {
    const bare = pageFacts('<p>texte</p>');
    expect(bare).toMatchObject({ title: '', description: undefined, h1s: [], canonical: [], noindex: false, imagesWithoutAlt: 0, links: [], publishedTime: '' });
  });
});

describe('readBuiltSite', () => {
  const dist = mkdtempSync(join(tmpdir(), 'built-site-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), text);
  };
  write('index.html', '<title>Accueil</title><h1>Accueil</h1>');
  write('blog/a/index.html', `<h1>A</h1>${HERO_SLOT}`);
  write('404.html', '<h1>Introuvable</h1>');
  write('rss.xml', '<rss/>');
  write('_variants/x/index.html', '<h1>Variante</h1>');
  write('pagefind/pagefind-entry.json', '{}');

  it('lists pages and other HTML files with their facts, the rest as files, variants and the search index aside', () => {
    const site = readBuiltSite(dist);
    expect(site.html.map((h) => [h.path, h.page]).sort()).toEqual([['/', true], ['/404.html', false], ['/blog/a/', true]]);
    expect(site.byPath.get('/blog/a/')?.facts.markers.has(HERO_SLOT)).toBe(true);
    expect(site.byPath.get('/blog/a/')?.html).toBe(`<h1>A</h1>${HERO_SLOT}`);
    expect([...site.files]).toEqual(['/rss.xml']);
  });

  it('is read once per build: the same object until forgotten', () => {
    forgetBuiltSite();
    const first = builtSite(dist);
    expect(builtSite(dist)).toBe(first);
    forgetBuiltSite();
    expect(builtSite(dist)).not.toBe(first);
  });
});
