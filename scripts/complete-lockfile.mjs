// Adds lock entries for platform-specific optional dependencies that npm could not record.
//
// Why: the registry mirror this project is developed against answers 404 for the binaries of other
// platforms (e.g. @astrojs/compiler-binding-darwin-arm64), so `npm install` leaves them out of
// package-lock.json, and `npm ci` then refuses the lock ("Missing: … from lock file"). Each missing
// optional dependency gets an entry with its exact version and the os/cpu its name declares, so npm
// skips it on other platforms and installs it where it belongs. Run after `npm install`:
//   node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [['darwin', 'darwin'], ['linux', 'linux'], ['win32', 'win32'], ['windows', 'win32'], ['android', 'android'], ['freebsd', 'freebsd'], ['openbsd', 'openbsd'], ['netbsd', 'netbsd'], ['sunos', 'sunos'], ['aix', 'aix'], ['openharmony', 'openharmony']];
const CPU = [['arm64', 'arm64'], ['aarch64', 'arm64'], ['x64', 'x64'], ['x86_64', 'x64'], ['ia32', 'ia32'], ['arm', 'arm'], ['ppc64', 'ppc64'], ['riscv64', 'riscv64'], ['s390x', 's390x'], ['loong64', 'loong64'], ['mips64el', 'mips64el'], ['wasm32', 'wasm32']];

export function platformOf(name) {
  const parts = name.split('/').pop().split(/[-_.]/);
  const os = OS.find(([token]) => parts.includes(token))?.[1];
  const cpu = CPU.find(([token]) => parts.includes(token))?.[1];
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') || parts.includes('gnueabihf') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

export function completeLock(lock) {
  const added = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
      if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
      const version = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec) ? spec : undefined;
      if (!version) continue;
      const { os, cpu, libc } = platformOf(name);
      if (!os && !cpu) continue;
      lock.packages[`node_modules/${name}`] = {
        version,
        ...(cpu ? { cpu: [cpu] } : {}),
        ...(entry.dev ? { dev: true } : {}),
        ...(libc ? { libc: [libc] } : {}),
        optional: true,
        ...(os ? { os: [os] } : {}),
      };
      added.push(`${name}@${version}`);
    }
  }
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  return added;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = 'package-lock.json';
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const added = completeLock(lock);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length ? `added ${added.length} optional platform entries:\n  ${added.join('\n  ')}` : 'lock file complete');
}
