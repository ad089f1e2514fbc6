// Finds a Java runtime (11 or later) for the Nu Html Checker (vnu.jar), in this order: JAVA_HOME,
// `java` on the PATH, and, as root on Debian or Ubuntu, `apt-get install -y default-jre-headless`.
// Never downloads a JDK of its own (vnu-jar's own downloader would). Prints the path, or exits 1
// with the one command to run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const MIN_VERSION = 11;

function log(message) {
  process.stderr.write(`[find-java] ${message}\n`);
}

/** Major version of a Java executable (`java -version` prints on stderr), or undefined. */
export function javaVersion(executable) {
  const result = spawnSync(executable, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  // Java 8 and older print "1.8.0_…".
  return major === 1 ? Number(match[2]) : major;
}

function usable(executable) {
  const version = javaVersion(executable);
  if (version === undefined) return false;
  if (version < MIN_VERSION) {
    log(`${executable} : Java ${version}, il faut Java ${MIN_VERSION} ou plus (Java ${version} found, ${MIN_VERSION}+ needed)`);
    return false;
  }
  return true;
}

function onPath() {
  const result = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path ? path : undefined;
}

function run(command, args) {
  log(`${command} ${args.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env, timeout: 15 * 60_000 }).status === 0;
}

export const INSTALL_HINT =
  'Le validateur HTML (Nu Html Checker) a besoin de Java 11 ou plus. Installez-le avec :\n\n  sudo apt-get install -y default-jre-headless\n\n' +
  '(ou définissez JAVA_HOME). The Nu Html Checker needs Java 11+: install default-jre-headless, or set JAVA_HOME.';

export function findJava() {
  const home = process.env.JAVA_HOME;
  if (home) {
    const executable = join(home, 'bin', 'java');
    if (existsSync(executable) && usable(executable)) return executable;
    log(`JAVA_HOME=${home} : pas de bin/java utilisable (no usable bin/java)`);
  }
  const system = onPath();
  if (system && usable(system)) return system;
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const debianLike = /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(osRelease);
  if (process.getuid?.() === 0 && debianLike) {
    if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', 'default-jre-headless'])) {
      const installed = onPath();
      if (installed && usable(installed)) return installed;
    }
  }
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = findJava();
  if (!path) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  console.log(path);
}
