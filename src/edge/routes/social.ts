// The social calendar's iCalendar feed for the team's calendar applications, which cannot sign in
// to the console: an unguessable address, HMAC-signed with the edge's secret (purpose-bound, so it
// opens nothing else), shown to signed-in members on the console's « Réseaux sociaux » page. It
// lists the weeks ahead from this week's Monday. A wrong token is a plain 404. SOCIAL_FEED_KEY,
// when set, enters the signature: a new value revokes the address without touching FORM_SECRET
// (which also signs the e-mails' unsubscribe and confirmation links, that must keep working).
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { hmac, safeEqual } from '../signing';
import { parisDay } from '../../lib/calendar';
import { calendarInput, socialCalendar, socialIcs, weekStart } from '../../marketing/social-calendar';

/** Weeks the subscribed feed lists. */
export const FEED_WEEKS = 8;
const FEED_PREFIX = '/api/calendrier-social/';

async function feedToken(secret: string, key?: string): Promise<string> {
  return (await hmac(secret, key ? `social-calendar-feed:${key}` : 'social-calendar-feed')).slice(0, 32);
}

/** The feed's path, token included: `/api/calendrier-social/<token>.ics`. */
export async function socialFeedPath(secrets: Edge['secrets']): Promise<string> {
  return `${FEED_PREFIX}${await feedToken(secrets.formSecret, secrets.socialFeedKey)}.ics`;
}

/** The calendar of `weeks` weeks from `from`, as an .ics response. */
export function icsResponse(c: Context, edge: Edge, from: string, weeks: number, disposition: 'inline' | 'attachment') {
  const input = calendarInput(edge.rules);
  const body = socialIcs(socialCalendar(input, from, weeks), { siteUrl: input.siteUrl, now: edge.now() });
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  c.header('Content-Disposition', `${disposition}; filename="calendrier-social-${from}.ics"`);
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  return c.body(body);
}

export function socialRoutes(edge: Edge) {
  const app = new Hono();
  app.get(`${FEED_PREFIX}:file`, async (c) => {
    const m = /^([\w-]{32})\.ics$/.exec(c.req.param('file'));
    if (!m || !safeEqual(m[1]!, await feedToken(edge.secrets.formSecret, edge.secrets.socialFeedKey))) {
      c.header('Cache-Control', 'no-store');
      c.header('X-Robots-Tag', 'noindex, nofollow');
      return c.text('Calendrier introuvable : cette adresse n’est pas (ou plus) valide. La bonne adresse figure dans la console, page « Réseaux sociaux ».', 404);
    }
    return icsResponse(c, edge, weekStart(parisDay(edge.now())), FEED_WEEKS, 'inline');
  });
  return app;
}
