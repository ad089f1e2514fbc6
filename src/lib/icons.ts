// Icons of Lucide (ISC licence, through @iconify-json/lucide), read at build time: a page carries
// only the SVG paths it uses, inline, with no script and no request. The stroke style lives in the
// `.icon` class (global.css), so each icon is its paths and nothing else.
import { icons as lucide } from '@iconify-json/lucide';

/** Lucide's own attributes on the group around every icon, moved to the `.icon` class. */
const STROKE_GROUP = /^<g fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round" stroke-width="2">([\s\S]*)<\/g>$/;

/** The inner SVG of a Lucide icon (aliases resolved). An unknown name fails the build. */
export function iconBody(name: string): string {
  const alias = lucide.aliases?.[name]?.parent;
  const icon = lucide.icons[name] ?? (alias ? lucide.icons[alias] : undefined);
  if (!icon) throw new Error(`Icône « ${name} » inconnue de Lucide (@iconify-json/lucide) : voir https://lucide.dev/icons/`);
  return STROKE_GROUP.exec(icon.body)?.[1] ?? icon.body;
}
