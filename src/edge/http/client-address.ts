// The client's address, as far as this server can know it. A header such as X-Forwarded-For is the
// client's own words unless a proxy we trust wrote it: with TRUST_PROXY unset, only the socket's
// remote address counts. Pure module: the Node entry passes the socket address, Workers pass
// CF-Connecting-IP (set by Cloudflare, which overwrites any value sent by the client).

/** How many forwarding hops to believe, or which proxy addresses to believe. */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; ranges: Range[] };
interface Range {
  bytes: number[];
  bits: number;
}

/** Error naming the variable, for a configuration that cannot be used. */
export class ConfigError extends Error {}

const PRESETS: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

/** Bytes of an IPv4 or IPv6 address (IPv4-mapped IPv6 addresses are read as IPv4), or null. */
export function ipBytes(address: string): number[] | null {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) ? bytes : null;
  }
  const mapped = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(a);
  if (mapped) return ipBytes(mapped[1]!);
  if (!/^[0-9a-f:.]+$/.test(a) || !a.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = a.lastIndexOf(':');
  if (a.slice(lastColon + 1).includes('.')) {
    const v4tail = ipBytes(a.slice(lastColon + 1));
    if (!v4tail) return null;
    tail = v4tail;
    a = `${a.slice(0, lastColon)}:0:0`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s ? s.split(':') : []);
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const bytes = all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function parseRange(text: string, variable: string): Range {
  const [ip, bitsText] = text.split('/');
  const bytes = ipBytes(ip ?? '');
  if (!bytes) throw new ConfigError(`${variable} : « ${text} » n’est pas une adresse IP ni une plage CIDR`);
  const bits = bitsText === undefined ? bytes.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > bytes.length * 8) throw new ConfigError(`${variable} : longueur de préfixe invalide dans « ${text} »`);
  return { bytes, bits };
}

/**
 * TRUST_PROXY: unset, empty, `false` or `0` → trust no header; a number N → the N proxies nearest
 * to this server each appended one address to X-Forwarded-For; otherwise a comma-separated list
 * of proxy addresses or CIDR ranges (`loopback`, `private`, `linklocal` are shorthands).
 */
export function parseTrustProxy(value: string | undefined, variable = 'TRUST_PROXY'): TrustProxy {
  const v = (value ?? '').trim();
  if (!v || v === 'false' || v === '0') return { kind: 'none' };
  if (/^\d+$/.test(v)) return { kind: 'hops', hops: Number(v) };
  if (v === 'true') throw new ConfigError(`${variable} : « true » ferait confiance à n’importe quel client ; indiquez un nombre de proxys ou leurs adresses`);
  const ranges = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((s) => (PRESETS[s] ?? [s]).map((r) => parseRange(r, variable)));
  return { kind: 'list', ranges };
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[bit >> 3]! & mask) !== (range.bytes[bit >> 3]! & mask)) return false;
  }
  return true;
}

/**
 * The client's address from the socket's remote address and the X-Forwarded-For header, under
 * the trust setting. Addresses are walked from the nearest hop outwards; the first one not
 * vouched for by a trusted proxy is the client. An unparsable hop stops the walk there.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string | undefined {
  const socket = socketAddress?.trim() || undefined;
  if (trust.kind === 'none' || !forwardedFor) return socket;
  const chain = [...forwardedFor.split(',').map((s) => s.trim()).filter(Boolean), ...(socket ? [socket] : [])];
  if (trust.kind === 'hops') {
    // chain[-1] is the socket (hop 0); each trusted hop vouches for the address before it.
    return chain[Math.max(0, chain.length - 1 - trust.hops)];
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const bytes = ipBytes(chain[i]!);
    if (!bytes) return chain[i];
    if (i === 0 || !trust.ranges.some((r) => inRange(bytes, r))) return chain[i];
  }
  return socket;
}

/**
 * The rate-limit bucket of an address: IPv4 as is, IPv6 by its /64 (one household or server gets a
 * whole /64, so a single address would be trivial to rotate). Unknown addresses share one bucket.
 */
export function addressBucket(address: string | undefined): string {
  const bytes = address ? ipBytes(address) : null;
  if (!bytes) return 'unknown';
  if (bytes.length === 4) return bytes.join('.');
  return `${bytes
    .slice(0, 8)
    .reduce<string[]>((groups, b, i) => (i % 2 ? [...groups.slice(0, -1), groups.at(-1)! + b.toString(16).padStart(2, '0')] : [...groups, b.toString(16).padStart(2, '0')]), [])
    .join(':')}::/64`;
}
