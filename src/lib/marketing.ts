// The marketing plan for Astro/Vite code (pages, components, build scripts run by Vite).
// Vite inlines the YAML files at build time; a change in content/marketing/ reloads the dev server.
// An invalid file fails the build with a MarketingConfigError naming the file and the field.
import { FILES, parseMarketing } from '../marketing/load';

const raw = import.meta.glob<string>('/content/marketing/*.yaml', { query: '?raw', import: 'default', eager: true });

const sources: Record<string, string> = Object.fromEntries(
  Object.entries(raw).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]),
);

export const marketing = parseMarketing(sources);
export { FILES };
export type * from '../marketing/config';
