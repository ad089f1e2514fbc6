import { describe, expect, it } from 'vitest';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
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

  it('compresses a private page (a form token, compressed at each request) with brotli 5, not 4', async () => {
    // A page as varied as a real one: quality 5 is the first to pay off (tens of bytes here, 0.7 KB
    // on the heaviest training page, for the same time as gzip).
    const page = Array.from({ length: 400 }, (_, i) => `<li class="m-${i % 7}">Module ${i} : ${(i * 7919).toString(36)} à distance</li>`).join('');
    const res = await compress(request('br'), new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' } }));
    const body = Buffer.from(await res.arrayBuffer());
    const at = (quality: number) => brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }).length;
    expect(body.length).toBe(at(5));
    expect(at(5)).toBeLessThan(at(4));
    expect(brotliDecompressSync(body).toString()).toBe(page);
  });

  it('leaves images and small bodies alone', async () => {
    const png = await compress(request('br'), new Response(new Uint8Array(5000), { headers: { 'Content-Type': 'image/png' } }));
    expect(png.headers.get('content-encoding')).toBeNull();
    const small = await compress(request('br'), new Response('ok', { headers: { 'Content-Type': 'text/plain' } }));
    expect(small.headers.get('content-encoding')).toBeNull();
  });
});
