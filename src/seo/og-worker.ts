// A worker thread of the OG pool (src/seo/og.ts, renderInPool): draws the images it is sent, one
// at a time, and sends each PNG back (its buffer transferred, not copied). Loaded by Node itself
// (type stripping): only erasable TypeScript here and in og.ts.
import { parentPort } from 'node:worker_threads';
import { renderOgPng, type OgInput } from './og.ts';

parentPort!.on('message', async ({ id, input }: { id: number; input: OgInput }) => {
  try {
    const png = await renderOgPng(input);
    const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice();
    parentPort!.postMessage({ id, png: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
