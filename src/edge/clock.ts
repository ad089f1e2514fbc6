// The edge's clock: the system time, or (tests only) a fixed instant from EDGE_NOW, so that a
// test can run the webhook on a Saturday or across a change of daylight saving time in workerd
// too. EDGE_NOW must never be set in production: every time of the app would stand still.
import { ConfigError } from './http/client-address';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A fixed clock when EDGE_NOW is set (ISO 8601 with Z or an offset), else undefined (system time). */
export function clockFromEnv(env: Record<string, unknown>): (() => Date) | undefined {
  const value = typeof env.EDGE_NOW === 'string' ? env.EDGE_NOW.trim() : '';
  if (!value) return undefined;
  const at = new Date(value);
  if (!INSTANT.test(value) || Number.isNaN(at.getTime())) throw new ConfigError(`EDGE_NOW : instant ISO 8601 avec fuseau attendu (par exemple 2026-11-21T10:00:00Z), reçu « ${value} »`);
  return () => new Date(at.getTime());
}
