// The pure pieces of the edge's trust rules: client address, CSV cells, same-origin paths,
// tolerant cookies, limits from the environment, what a submission may change.
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, ipBytes, parseTrustProxy } from '../../src/edge/http/client-address';
import { csvCell, toCsv } from '../../src/lib/csv';
import { sameOriginPath } from '../../src/edge/http/redirect';
import { parseCookies } from '../../src/edge/http/cookies';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../src/edge/limits';
import { mergeSubmission, type Profile } from '../../src/marketing/lead-merge';
import { parseSince } from '../../src/lib/period';

describe('client address', () => {
  it('trusts no forwarded header unless TRUST_PROXY says so', () => {
    const none = parseTrustProxy(undefined);
    expect(clientAddress('127.0.0.1', '203.0.113.9', none)).toBe('127.0.0.1');
    expect(clientAddress('::ffff:127.0.0.1', undefined, none)).toBe('::ffff:127.0.0.1');
    expect(parseTrustProxy('')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('false')).toEqual({ kind: 'none' });
  });

  it('with a number of hops, takes the address the nearest trusted proxies vouch for', () => {
    // Client → proxy A → proxy B → us. B appended A's view of the client; the client may have lied before.
    expect(clientAddress('10.0.0.2', 'spoofed, 203.0.113.9, 10.0.0.1', parseTrustProxy('2'))).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', 'spoofed, 203.0.113.9', parseTrustProxy('1'))).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '203.0.113.9', parseTrustProxy('5'))).toBe('203.0.113.9');
  });

  it('with a list of proxies, walks from the socket while the hop is a trusted proxy', () => {
    const trust = parseTrustProxy('loopback, 10.0.0.0/8');
    expect(clientAddress('127.0.0.1', '198.51.100.1, 203.0.113.9, 10.1.2.3', trust)).toBe('203.0.113.9');
    // A request straight from the internet: its own header is ignored.
    expect(clientAddress('203.0.113.50', '1.2.3.4', trust)).toBe('203.0.113.50');
    expect(clientAddress('::1', '2001:db8::7', trust)).toBe('2001:db8::7');
  });

  it('refuses a configuration that would trust anyone, naming the variable', () => {
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.0/99')).toThrow(/TRUST_PROXY : longueur de préfixe/);
    expect(() => parseTrustProxy('proxy.local')).toThrow(/TRUST_PROXY : « proxy.local »/);
  });

  it('parses IPv4, IPv6 and mapped addresses, and buckets IPv6 by /64', () => {
    expect(ipBytes('192.0.2.1')).toEqual([192, 0, 2, 1]);
    expect(ipBytes('::ffff:192.0.2.1')).toEqual([192, 0, 2, 1]);
    expect(ipBytes('2001:db8::1')).toHaveLength(16);
    expect(ipBytes('256.1.1.1')).toBeNull();
    expect(ipBytes('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(addressBucket('2001:db8:1:2::1')).toBe(addressBucket('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressBucket('2001:db8:1:2::1')).not.toBe(addressBucket('2001:db8:1:3::1'));
    expect(addressBucket('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressBucket(undefined)).toBe('unknown');
  });
});

describe('CSV (OWASP CSV injection, RFC 4180, French spreadsheets)', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const s of ['=1+1', '+33612345678', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('3,5')).toBe('"3,5"');
  });
  it('quotes separators, quotes, CR and LF', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
  it('writes a BOM, a header and CRLF rows', () => {
    expect(toCsv([{ a: 1, b: 'x;y' }])).toBe('\uFEFFa;b\r\n1;"x;y"\r\n');
    expect(toCsv([], ['a', 'b'])).toBe('\uFEFFa;b\r\n');
  });
});

describe('same-origin paths', () => {
  const origin = 'https://www.mecaformation.fr';
  it('keeps paths of this site, with query and fragment', () => {
    expect(sameOriginPath('/formations/?a=1#x', origin)).toBe('/formations/?a=1#x');
    expect(sameOriginPath('https://www.mecaformation.fr/blog/', origin)).toBe('/blog/');
  });
  it('refuses other hosts, protocol-relative and backslash paths, scripts and controls', () => {
    for (const target of ['//evil.example/', '/\\evil.example/', '\\\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/ok\n/', 'http://[', '', null, undefined])
      expect(sameOriginPath(target as string, origin), String(target)).toBe('/');
    expect(sameOriginPath('https://www.mecaformation.fr//evil.example/', origin)).toBe('/evil.example/');
  });
});

describe('cookies', () => {
  it('skips a malformed escape instead of throwing, keeps the first of a name', () => {
    expect(parseCookies('x=%; mf_consent=accept; y=%E0%A4%A; z="q"; mf_consent=refuse')).toEqual({ mf_consent: 'accept', z: 'q' });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies('__proto__=1').__proto__).toBe('1');
  });
});

describe('limits from the environment', () => {
  it('reads each variable, and names the wrong one', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    const l = limitsFromEnv({ LIMIT_PER_IP: '50/60', LIMIT_BODY_BYTES: '4096', LIMIT_MIN_FILL_SECONDS: '1.5' });
    expect(l.perIp).toEqual({ limit: 50, windowSeconds: 60 });
    expect(l.bodyBytes).toBe(4096);
    expect(l.minFillMs).toBe(1500);
    expect(() => limitsFromEnv({ LIMIT_PER_EMAIL: '5 per hour' })).toThrow(/LIMIT_PER_EMAIL : « nombre\/secondes »/);
    expect(() => limitsFromEnv({ LIMIT_BODY_BYTES: '-1' })).toThrow(/LIMIT_BODY_BYTES/);
  });
  it('parses the export period', () => {
    expect(parseSince('30d')).toBe(30);
    expect(parseSince(undefined)).toBe(7);
    for (const bad of ['99999999999d', '0d', '7', 'd', '3651d']) expect(parseSince(bad), bad).toBeNull();
  });
});

describe('what a submission may change (lead-merge)', () => {
  const alice: Profile = { firstName: 'Alice', lastName: null, phone: null, situation: 'job-seeker', ageBracket: null, birthYear: null, region: null, company: null, companySize: null };
  const existing = { ...alice, marketing: true, tracking: false };

  it('stores a first-time address as given, with the form as proof', () => {
    const r = mergeSubmission({ existing: null, submitted: { firstName: 'Inès', phone: '+33612345678' }, asked: { marketing: true, tracking: true }, verified: false, suppressed: false });
    expect(r).toMatchObject({ profile: { firstName: 'Inès', phone: '+33612345678' }, consents: { marketing: true, tracking: true }, proof: 'formulaire', pending: null, liftSuppression: false });
  });

  it('without proof, fills what the lead lacks, replaces nothing, grants nothing, and asks the owner', () => {
    const r = mergeSubmission({ existing, submitted: { firstName: 'Mallory', phone: '+33699999999', situation: 'first-job' }, asked: { marketing: true, tracking: true }, verified: false, suppressed: false });
    expect(r.profile).toMatchObject({ firstName: 'Alice', phone: '+33699999999', situation: 'job-seeker' });
    expect(r.consents).toEqual({ marketing: true, tracking: false });
    expect(r.pending).toEqual({ fields: { firstName: 'Mallory', situation: 'first-job' }, consentMarketing: false, consentTracking: true, resubscribe: false, lists: [] });
    expect(r.proof).toBeNull();
  });

  it('sends no confirmation for different details alone', () => {
    expect(mergeSubmission({ existing, submitted: { firstName: 'Alicia' }, asked: { marketing: false, tracking: false }, verified: false, suppressed: false }).pending).toBeNull();
  });

  it('never lifts a suppression without proof, even for a new address', () => {
    const erased = mergeSubmission({ existing: null, submitted: { firstName: 'Bob' }, asked: { marketing: true, tracking: false }, verified: false, suppressed: true });
    expect(erased.consents.marketing).toBe(false);
    expect(erased.liftSuppression).toBe(false);
    expect(erased.pending).toMatchObject({ consentMarketing: true, resubscribe: true });
  });

  it('with proof, applies the changes, lifts the suppression, records the proof', () => {
    const r = mergeSubmission({ existing: { ...existing, marketing: false }, submitted: { firstName: 'Alicia' }, asked: { marketing: true, tracking: false }, verified: true, suppressed: true });
    expect(r).toMatchObject({ profile: { firstName: 'Alicia' }, consents: { marketing: true }, proof: 'lien-verifie', liftSuppression: true, pending: null });
  });

  it('a newsletter always waits for the confirmation', () => {
    expect(mergeSubmission({ existing: null, submitted: { firstName: 'Zoé' }, asked: { marketing: false, tracking: false, lists: ['newsletter'] }, verified: false, suppressed: false }).pending).toMatchObject({ lists: ['newsletter'] });
  });
});
