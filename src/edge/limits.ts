// Every abuse limit of the edge, with its default and the environment variable that sets it
// (README, « Configuration »). Node reads process.env, the Worker its bindings (wrangler vars).
import { ConfigError } from './http/client-address';

export interface Window {
  limit: number;
  windowSeconds: number;
}

export interface Limits {
  /** Largest body of a form post (lead capture, console forms). */
  bodyBytes: number;
  /** Largest body of the small endpoints (consent, events, unsubscribe, confirmation). */
  smallBodyBytes: number;
  /** Largest body of a WhatsApp webhook notification (Meta batches several messages and statuses). */
  whatsappBodyBytes: number;
  /** A form sent sooner than this after its render is a robot (429). */
  minFillMs: number;
  /** A form token older than this is expired (403). */
  tokenMaxAgeMs: number;
  perIp: Window;
  perEmail: Window;
  /** Beacon events per identified lead. */
  eventsPerLead: Window;
  /** New A/B visitors counted per client address (more are served a variant but not counted). */
  abUnitsPerIp: Window;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 16 * 1024,
  smallBodyBytes: 2 * 1024,
  whatsappBodyBytes: 256 * 1024,
  minFillMs: 2_000,
  tokenMaxAgeMs: 24 * 60 * 60 * 1000,
  perIp: { limit: 20, windowSeconds: 600 },
  perEmail: { limit: 5, windowSeconds: 3600 },
  eventsPerLead: { limit: 120, windowSeconds: 3600 },
  abUnitsPerIp: { limit: 30, windowSeconds: 3600 },
};

/** The variables, their meaning and default, as the README lists them. */
export const LIMIT_VARIABLES = {
  LIMIT_BODY_BYTES: 'bodyBytes',
  LIMIT_SMALL_BODY_BYTES: 'smallBodyBytes',
  LIMIT_WHATSAPP_BODY_BYTES: 'whatsappBodyBytes',
  LIMIT_MIN_FILL_SECONDS: 'minFillMs',
  LIMIT_TOKEN_MAX_AGE_HOURS: 'tokenMaxAgeMs',
  LIMIT_PER_IP: 'perIp',
  LIMIT_PER_EMAIL: 'perEmail',
  LIMIT_EVENTS_PER_LEAD: 'eventsPerLead',
  LIMIT_AB_UNITS_PER_IP: 'abUnitsPerIp',
} as const;

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new ConfigError(`${name} : nombre positif attendu, reçu « ${value} »`);
  return n;
}

function window(name: string, value: string): Window {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new ConfigError(`${name} : « nombre/secondes » attendu (par exemple 20/600), reçu « ${value} »`);
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}

/** The limits, from environment variables where they are set (a wrong value names its variable). */
export function limitsFromEnv(env: Record<string, unknown>): Limits {
  const get = (name: string) => (typeof env[name] === 'string' && (env[name] as string).trim() !== '' ? (env[name] as string) : undefined);
  const l: Limits = structuredClone(DEFAULT_LIMITS);
  const v = (name: keyof typeof LIMIT_VARIABLES) => get(name);
  if (v('LIMIT_BODY_BYTES')) l.bodyBytes = Math.floor(positive('LIMIT_BODY_BYTES', v('LIMIT_BODY_BYTES')!));
  if (v('LIMIT_SMALL_BODY_BYTES')) l.smallBodyBytes = Math.floor(positive('LIMIT_SMALL_BODY_BYTES', v('LIMIT_SMALL_BODY_BYTES')!));
  if (v('LIMIT_WHATSAPP_BODY_BYTES')) l.whatsappBodyBytes = Math.floor(positive('LIMIT_WHATSAPP_BODY_BYTES', v('LIMIT_WHATSAPP_BODY_BYTES')!));
  if (v('LIMIT_MIN_FILL_SECONDS')) l.minFillMs = positive('LIMIT_MIN_FILL_SECONDS', v('LIMIT_MIN_FILL_SECONDS')!) * 1000;
  if (v('LIMIT_TOKEN_MAX_AGE_HOURS')) l.tokenMaxAgeMs = positive('LIMIT_TOKEN_MAX_AGE_HOURS', v('LIMIT_TOKEN_MAX_AGE_HOURS')!) * 3_600_000;
  if (v('LIMIT_PER_IP')) l.perIp = window('LIMIT_PER_IP', v('LIMIT_PER_IP')!);
  if (v('LIMIT_PER_EMAIL')) l.perEmail = window('LIMIT_PER_EMAIL', v('LIMIT_PER_EMAIL')!);
  if (v('LIMIT_EVENTS_PER_LEAD')) l.eventsPerLead = window('LIMIT_EVENTS_PER_LEAD', v('LIMIT_EVENTS_PER_LEAD')!);
  if (v('LIMIT_AB_UNITS_PER_IP')) l.abUnitsPerIp = window('LIMIT_AB_UNITS_PER_IP', v('LIMIT_AB_UNITS_PER_IP')!);
  return l;
}

/** « 16 Ko », « 2 Ko », « 512 octets »: a limit as the error messages state it. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024}\u00a0Ko` : `${bytes}\u00a0octets`;
}
