// POST /api/leads: the HTTP side of lead capture (content type, body cap, origin, cookies), then
// captureLead() (src/edge/lead-capture.ts) decides, and this maps its outcome to a response:
// 303 to the thank-you page for a plain form, 201 JSON for scripts, or the rule that failed.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { bodyCap, readFormValues } from '../http/body';
import { fail, FOREIGN_ORIGIN, sameOrigin, wantsJson } from '../http/respond';
import { parseCookies } from '../http/cookies';
import { addressBucket } from '../http/client-address';
import { sameOriginPath } from '../http/redirect';
import { captureLead } from '../lead-capture';
import { abUnit, identifiedLead, identify, readVisitor } from '../identity';
import { issueFormToken } from '../form-token';
import { validationPage } from '../responses';
import { FIELD_LABELS } from '../../marketing/lead-forms';
import { CONSENT_COOKIE, LEAD_COOKIE, VISIT_COOKIE, VISITOR_COOKIE } from '../cookies';
import { thanksPath } from '../../lib/thanks';
import { isOpenForRegistration } from '../../marketing/webinars';
import { referralCookieAfterSubmit } from '../referral';

export function leadRoutes(edge: Edge) {
  const app = new Hono();

  // The answer never depends on whether the address was known (it would tell anyone who is a
  // lead): the same redirect, whether a confirmation link was e-mailed or not.
  const success = (c: Context, kind: string, duplicate: boolean, options: { marketing: boolean; waitlisted?: boolean }) => {
    c.header('Cache-Control', 'no-store');
    const thanks = thanksPath(kind, options);
    if (wantsJson(c)) return c.json({ ok: true, duplicate, redirect: thanks }, 201);
    return c.redirect(thanks, 303);
  };

  app.post('/api/leads', bodyCap(edge.limits.bodyBytes, 'un formulaire'), async (c) => {
    // Every check runs before any write.
    if (!sameOrigin(c)) return fail(c, 403, 'origin', FOREIGN_ORIGIN);
    const form = await readFormValues(c);
    if (!form.ok) {
      if (form.status === 415) return fail(c, 415, 'content-type', form.message);
      if (form.status === 400) return fail(c, 400, 'body', form.message);
      return invalid(c, form.errors ?? {}, {});
    }
    const values = form.values;
    const now = edge.now();
    const cookies = parseCookies(c.req.header('cookie'));
    const bannerAccepted = cookies[CONSENT_COOKIE] === 'accept';
    const identity = await identifiedLead(edge.secrets.formSecret, cookies[LEAD_COOKIE]);
    // An A/B conversion counts in the visit of the exposure (the visit cookie lives 30 minutes).
    const visitor = bannerAccepted && cookies[VISIT_COOKIE] ? await readVisitor(edge.secrets.formSecret, cookies[VISITOR_COOKIE]) : null;
    const outcome = await captureLead(
      {
        store: edge.store,
        automation: edge.automation,
        marketing: edge.rules.marketing,
        limits: edge.limits,
        formSecret: edge.secrets.formSecret,
        knownTrainings: edge.knownTrainings,
        // Open for registration now: registration closes when the session starts or is cancelled.
        knownWebinars: new Set((edge.rules.webinarEvents ?? []).filter((w) => isOpenForRegistration(w, now)).map((w) => w.slug)),
        referrals: edge.partners,
        siteHosts: [new URL(c.req.url).hostname, ...(edge.publicOrigin ? [new URL(edge.publicOrigin).hostname] : [])],
      },
      {
        values,
        now,
        clientBucket: addressBucket(edge.clientAddress(c)),
        provenLeadId: identity?.proven ? identity.leadId : null,
        bannerAccepted,
        abUnit: visitor ? await abUnit(edge.secrets.formSecret, visitor) : null,
      },
    );
    switch (outcome.status) {
      case 'honeypot':
        return success(c, values.kind ?? '', false, { marketing: values.consentMarketing === 'yes' });
      case 'ignored':
        return success(c, outcome.kind, false, { marketing: false });
      case 'too-fast':
        return fail(c, 429, 'too-fast', 'Formulaire envoyé trop vite : patientez quelques secondes puis renvoyez-le.', { 'Retry-After': String(outcome.retryAfter) });
      case 'token':
        return fail(c, 403, `token-${outcome.reason}`, 'Ce formulaire a expiré ou n’est pas valide : rechargez la page, puis renvoyez-le.');
      case 'rate-ip':
        return fail(c, 429, 'rate-ip', 'Trop de demandes envoyées depuis votre connexion : réessayez plus tard.', { 'Retry-After': String(outcome.retryAfter) });
      case 'rate-email':
        return fail(c, 429, 'rate-email', 'Trop de demandes pour cette adresse e-mail : réessayez plus tard.', { 'Retry-After': String(outcome.retryAfter) });
      case 'invalid':
        return invalid(c, outcome.errors, values);
      case 'duplicate':
        return success(c, outcome.kind, true, { marketing: outcome.marketing });
      case 'token-reused':
        return fail(c, 409, 'token-reused', 'Ce formulaire a déjà été envoyé : rechargez la page pour faire une autre demande.');
      case 'stored': {
        if (outcome.identify) await identify(c, edge.secrets.formSecret, outcome.identify.leadId, outcome.identify.level);
        // The kept referral code follows the field as sent (cleared: forgotten), with consent only.
        const referral = referralCookieAfterSubmit(cookies, values.ref);
        if (referral) c.header('Set-Cookie', referral, { append: true });
        return success(c, outcome.kind, false, { marketing: outcome.marketing, waitlisted: outcome.webinar === 'waitlisted' });
      }
    }
  });

  /** 422: JSON per field for scripts, or the French page listing each error with the values kept. */
  async function invalid(c: Context, errors: Record<string, string>, values: Record<string, string>) {
    c.header('Cache-Control', 'no-store');
    if (wantsJson(c)) return c.json({ ok: false, error: 'validation', errors }, 422);
    const fresh = await issueFormToken(edge.secrets.formSecret, edge.now().getTime() - edge.limits.minFillMs);
    const back = sameOriginPath(values.landingPage, new URL(c.req.url).origin);
    return c.html(validationPage({ errors, values, labels: FIELD_LABELS, token: fresh, back }), 422);
  }

  return app;
}
