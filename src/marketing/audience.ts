// Audience measurement exempt from consent (CNIL, « Cookies : solutions pour les outils de mesure
// d'audience »): no cookie and no identifier kept beyond the day. What a page view says about its
// visit, as plain functions. Pure module.

export type DeviceClass = 'mobile' | 'tablette' | 'ordinateur';

/** A coarse device class from the User-Agent (never stored as such). */
export function deviceClass(userAgent: string | undefined): DeviceClass {
  const ua = userAgent ?? '';
  if (/iPad|Tablet|Nexus (7|9|10)|SM-T|Kindle|Silk|(Android(?!.*Mobile))/i.test(ua)) return 'tablette';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini/i.test(ua)) return 'mobile';
  return 'ordinateur';
}

const BOT = /bot|crawl|spider|slurp|bingpreview|facebookexternalhit|headless|lighthouse|pingdom|uptime|monitor|curl|wget|python-requests|httpclient|axios|go-http|java\/|okhttp|node-fetch|undici|scrapy|preview|ahrefs|semrush|mj12|yandex|baidu/i;

/** Robots, monitors and scripts are not visitors (nor a request without a User-Agent). */
export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || BOT.test(userAgent);
}

/** The external site a visit came from (`www.` dropped), or null for a direct visit or this site. */
export function referrerDomain(referer: string | undefined, ownHosts: readonly string[]): string | null {
  if (!referer) return null;
  let host: string;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    host = url.hostname.toLowerCase();
  } catch {
    return null;
  }
  const bare = host.replace(/^www\./, '');
  if (ownHosts.some((h) => h.toLowerCase().replace(/^www\./, '') === bare)) return null;
  return bare.slice(0, 100);
}

/** A training page of the catalogue (the funnel's second step). */
export function isTrainingPage(path: string): boolean {
  return /^\/formations\/[a-z0-9-]+\/$/.test(path);
}
