// The pages' inline boot script (src/lib/boot-script.ts) is allowed by its hash in the CSP: the
// hash must be the script's, and the site's policy must carry it.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { BOOT_SCRIPT, BOOT_SCRIPT_HASH } from '../../src/lib/boot-script';
import { CSP, CMS_CSP } from '../../src/edge/security';

describe('boot script', () => {
  it('has the hash that the CSP allows', () => {
    const hash = `'sha256-${createHash('sha256').update(BOOT_SCRIPT).digest('base64')}'`;
    expect(BOOT_SCRIPT_HASH, 'BOOT_SCRIPT changed: put this hash in src/lib/boot-script.ts').toBe(hash);
    expect(CSP).toMatch(new RegExp(`script-src [^;]*${hash.replace(/[+/]/g, '\\$&')}`));
    // The CMS runs no page of the site: its policy does not allow the script.
    expect(CMS_CSP).not.toContain(hash);
  });

  it('is a classic script with no URL of its own (the modules come from the page)', () => {
    expect(BOOT_SCRIPT).not.toMatch(/_astro|import\s|export\s/);
    expect(() => new Function(BOOT_SCRIPT)).not.toThrow();
  });
});
