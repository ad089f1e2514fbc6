// Where the pinned Sveltia CMS package is (node_modules/@sveltia/cms) and its version. Node only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The package's folder: its main entry is npm/index.js and its exports map hides the rest. */
export const SVELTIA_DIR = join(dirname(require.resolve('@sveltia/cms')), '..');
export const SVELTIA_VERSION: string = JSON.parse(readFileSync(join(SVELTIA_DIR, 'package.json'), 'utf8')).version;
