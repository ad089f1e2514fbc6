// The edge's clock: the system time, or a fixed instant from EDGE_NOW. EDGE_NOW is how the team
// previews the site at another date (`EDGE_NOW=2026-11-27T10:00:00+01:00 npm start`: the dated
// campaigns in force then, README « Dated campaigns ») and how tests run the webhook on a Saturday
// or across a change of daylight saving time, in workerd too. Every time of the app stands still
// at that instant (form tokens, rate limits, the console's sessions), so it is refused in
// production: with SITE_ENV=production, and on Workers unless ALLOW_EDGE_NOW=1 is set as well
// (a preview or test deployment; never the production one).
import { ConfigError } from './http/client-address';
import { formatDate, formatTime } from '../lib/typography';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A fixed clock when EDGE_NOW is set (ISO 8601 with Z or an offset), else undefined (system time). */
export function clockFromEnv(env: Record<string, unknown>, runtime: 'node' | 'workers' = 'node'): (() => Date) | undefined {
  const value = typeof env.EDGE_NOW === 'string' ? env.EDGE_NOW.trim() : '';
  if (!value) return undefined;
  if (env.SITE_ENV === 'production') throw new ConfigError(`EDGE_NOW refusé avec SITE_ENV=production : l’horloge du site resterait figée au ${value}. Retirez EDGE_NOW (il ne sert qu’aux aperçus et aux tests).`);
  if (runtime === 'workers' && env.ALLOW_EDGE_NOW !== '1') {
    throw new ConfigError(`EDGE_NOW refusé sur Cloudflare Workers sans ALLOW_EDGE_NOW=1 : l’horloge du site resterait figée au ${value}. Ne le définissez que sur un déploiement d’aperçu ou de test, jamais en production.`);
  }
  const at = new Date(value);
  if (!INSTANT.test(value) || Number.isNaN(at.getTime())) throw new ConfigError(`EDGE_NOW : instant ISO 8601 avec fuseau attendu (par exemple 2026-11-21T10:00:00Z), reçu « ${value} »`);
  return () => new Date(at.getTime());
}

/** The warning the Node entry prints when the clock stands still. */
export function frozenClockWarning(at: Date): string {
  const paris = `${formatDate(at, { weekday: true })} à ${formatTime(at)}`;
  const line = '!'.repeat(78);
  return [
    line,
    `!! EDGE_NOW is set: the edge's clock stands still at ${at.toISOString()}`,
    `!! (${paris}, Paris): the site shows the campaigns of that instant.`,
    '!! Form tokens, rate limits and console sessions use that instant too.',
    '!! Previews and tests only: never in production (SITE_ENV=production refuses it).',
    line,
  ].join('\n');
}
