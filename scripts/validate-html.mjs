// The Nu Html Checker (vnu.jar from the vnu-jar package) over every HTML file of dist/, the A/B
// variant pages of dist/_variants/ included, in one JVM: errors only, printed as
// « file:line:column message », exit 1 on any. `npm test` runs it after the build.
//   node scripts/validate-html.mjs [dir-or-file…]   (default: dist)
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { findJava, INSTALL_HINT } from './find-java.mjs';

const require = createRequire(import.meta.url);
/** Path of vnu.jar: the package's main export is that path (a String object). */
export const VNU_JAR = String(require('vnu-jar'));

/** Every .html file under a directory, sorted. */
export function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(path));
    else if (entry.name.endsWith('.html')) out.push(path);
  }
  return out.sort();
}

/**
 * Runs vnu once on the given files. Returns the messages vnu reports as errors (its `error` and
 * `non-document-error` types: invalid markup, fatal parse errors, unreadable files), each with
 * the file, line, column and message. Throws when no Java is available or vnu's output is not JSON.
 */
export function validateFiles(files, { java = process.env.VNU_JAVA || findJava() } = {}) {
  if (!java) throw new Error(INSTALL_HINT);
  if (!files.length) return [];
  // vnu prints its JSON report on stderr; exit status 1 only says that errors were found.
  const result = spawnSync(java, ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  let report;
  try {
    report = JSON.parse(result.stderr);
  } catch {
    throw new Error(`vnu : sortie inattendue (unexpected output, exit ${result.status}) :\n${result.stderr}${result.stdout}`);
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => ({
      file: m.url ? decodeURIComponent(new URL(m.url).pathname) : '(inconnu)',
      line: m.lastLine ?? m.firstLine ?? 0,
      column: m.lastColumn ?? m.firstColumn ?? 0,
      message: m.message,
      extract: m.extract,
    }));
}

/** Validates HTML documents given as strings (e.g. pages rendered by the edge), by name. */
export function validateDocuments(documents, options) {
  const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
  try {
    const files = Object.entries(documents).map(([name, html], index) => {
      const file = join(dir, `${String(index).padStart(3, '0')}-${name.replace(/[^\w.-]+/g, '_')}.html`);
      writeFileSync(file, html);
      return file;
    });
    return validateFiles(files, options).map((e) => ({ ...e, file: relative(dir, e.file) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatErrors(errors, base = process.cwd()) {
  return errors.map((e) => `${relative(base, e.file) || e.file}:${e.line}:${e.column} ${e.message}`).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['dist'];
  const files = targets.flatMap((t) => (statSync(t).isDirectory() ? htmlFiles(t) : [t]));
  if (!files.length) {
    console.error(`Aucun fichier HTML dans ${targets.join(', ')} : lancez d’abord npm run build (no HTML file: build first).`);
    process.exit(1);
  }
  const started = Date.now();
  let errors;
  try {
    errors = validateFiles(files);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (errors.length) {
    console.error(formatErrors(errors));
    const pages = new Set(errors.map((e) => e.file)).size;
    console.error(`\nNu Html Checker : ${errors.length} erreur(s) sur ${pages} page(s), ${files.length} fichiers vérifiés en ${seconds} s.`);
    process.exit(1);
  }
  console.log(`Nu Html Checker : 0 erreur sur ${files.length} fichiers HTML (${seconds} s).`);
}
