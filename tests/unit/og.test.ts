import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ogCacheKey, renderOgPng, writeOgImages, type OgInput } from '../../src/seo/og';

const input: OgInput = { title: 'Véhicules à hydrogène et pile à combustible', kind: 'Formation', siteName: 'MécaFormation', tagline: 'La mécanique de demain, apprise à distance.' };

describe('OG images', () => {
  it('renders a 1200×630 PNG from local fonts', async () => {
    const png = await renderOgPng(input);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(630);
  }, 30_000);

  it('caches by a hash of the inputs: a second run renders nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-'));
    let calls = 0;
    const render = async () => {
      calls++;
      return Buffer.from('png');
    };
    const jobs = [
      { input, outFile: join(dir, 'out', 'a.png') },
      { input: { ...input, title: 'Autre titre' }, outFile: join(dir, 'out', 'b.png') },
    ];
    expect(await writeOgImages(jobs, join(dir, 'cache'), render)).toEqual({ rendered: 2, cached: 0 });
    expect(await writeOgImages(jobs, join(dir, 'cache'), render)).toEqual({ rendered: 0, cached: 2 });
    expect(calls).toBe(2);
    expect(readFileSync(join(dir, 'out', 'b.png'), 'utf8')).toBe('png');
  });

  it('changes the key when an input changes', () => {
    expect(ogCacheKey(input)).not.toBe(ogCacheKey({ ...input, kind: 'Article' }));
    expect(ogCacheKey(input)).toBe(ogCacheKey({ ...input }));
  });
});
