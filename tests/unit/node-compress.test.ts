import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, compress } from '../../src/edge/node-compress';

const html = `<!doctype html><html lang="fr"><body>${'<p>Formation mécanique à distance</p>'.repeat(200)}</body></html>`;
const response = (cacheControl = 'public, max-age=0') => new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': cacheControl } });
const request = (encoding: string) => new Request('http://localhost/x/', { headers: { 'Accept-Encoding': encoding } });

describe('Node compression', () => {
  it('prefers brotli, then gzip', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('')).toBeNull();
  });

  it('compresses HTML with brotli or gzip, losslessly, and varies on Accept-Encoding', async () => {
    const br = await compress(request('br'), response());
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/Accept-Encoding/);
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(html.length / 10);
    expect(brotliDecompressSync(brBody).toString()).toBe(html);
    const gz = await compress(request('gzip'), response('private, no-store'));
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(html);
  });

  it('leaves images and small bodies alone', async () => {
    const png = await compress(request('br'), new Response(new Uint8Array(5000), { headers: { 'Content-Type': 'image/png' } }));
    expect(png.headers.get('content-encoding')).toBeNull();
    const small = await compress(request('br'), new Response('ok', { headers: { 'Content-Type': 'text/plain' } }));
    expect(small.headers.get('content-encoding')).toBeNull();
  });
});
