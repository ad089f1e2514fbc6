// Site behaviour of an identified lead who accepted engagement tracking (the form's second box)
// and the banner's cookies: the page viewed, and one « 5 minutes on site » session per visit, sent
// to /api/events. Nothing is sent otherwise: the mf_id mark exists only for such a lead.
import { readConsent } from './consent-client';
import { LEAD_MARK_COOKIE } from '../edge/cookies';

const SESSION_START = 'mf_session_start';
const SESSION_SENT = 'mf_session_sent';

export function initBeacon() {
  if (readConsent() !== 'accept' || !new RegExp(`(?:^|;\\s*)${LEAD_MARK_COOKIE}=1`).test(document.cookie) || !navigator.sendBeacon) return;
  const send = (body: object) => navigator.sendBeacon('/api/events', new Blob([JSON.stringify(body)], { type: 'application/json' }));
  send({ type: 'page-view', path: location.pathname });
  const start = Number(sessionStorage.getItem(SESSION_START)) || Date.now();
  sessionStorage.setItem(SESSION_START, String(start));
  addEventListener('pagehide', () => {
    const seconds = Math.round((Date.now() - start) / 1000);
    if (seconds >= 300 && !sessionStorage.getItem(SESSION_SENT)) {
      sessionStorage.setItem(SESSION_SENT, '1');
      send({ type: 'session', seconds });
    }
  });
}

/**
 * The CTA test's own metric: a click on the hero's button, sent only for a visitor who accepted
 * the banner's cookies (the edge counts it once, for an id it signed).
 */
export function initCtaClicks() {
  if (!navigator.sendBeacon) return;
  document.addEventListener('click', (event) => {
    const cta = (event.target as Element | null)?.closest?.('[data-cta]');
    if (!cta || readConsent() !== 'accept') return;
    navigator.sendBeacon('/api/ab/click', new Blob([JSON.stringify({ experiment: 'cta' })], { type: 'application/json' }));
  });
}
