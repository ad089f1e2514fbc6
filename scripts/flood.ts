// An oversized request body, streamed as it is read: shared by the hostile browser tests and the
// bench, which both check that the server refuses it early and that its memory does not follow.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';

/** Resident memory of a process, in KiB (Linux /proc). */
export function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

/** POSTs up to `bytes` in chunks (no Content-Length); resolves with the status as soon as the server answers. */
export function flood(port: number, path: string, headers: Record<string, string>, bytes: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = false;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'Transfer-Encoding': 'chunked' } }, (res) => {
      done = true;
      res.resume();
      resolve({ status: res.statusCode!, sent });
      req.destroy();
    });
    req.on('error', (error) => (done ? undefined : reject(error)));
    const pump = () => {
      while (!done && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

/** Floods each route with `bytes`, sampling the server's RSS: the peak rise in KiB and each answer. */
export async function floodRoutes(port: number, pid: number, routes: string[], headers: Record<string, string>, bytes: number) {
  const baseline = rssKiB(pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 20);
  const answers: { path: string; status: number; sentKiB: number }[] = [];
  try {
    for (const path of routes) {
      const { status, sent } = await flood(port, path, headers, bytes);
      answers.push({ path, status, sentKiB: Math.round(sent / 1024) });
    }
  } finally {
    clearInterval(sampler);
  }
  return { baselineKiB: baseline, peakKiB: peak, riseKiB: peak - baseline, answers };
}
