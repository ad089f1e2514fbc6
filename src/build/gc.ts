// A full garbage collection on demand, for the build's long runs of short-lived work (rendering
// thousands of pages): V8 lets its heap grow far past what is alive between two collections, and
// the resident memory of the build follows. Node exposes gc() only behind a flag, which can be set
// from inside the process (v8.setFlagsFromString) and read from a fresh context.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the build collects while it renders, in pages (its thread and its worker). */
export const GC_EVERY_PAGES = 400;

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
