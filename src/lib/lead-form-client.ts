// Progressive enhancement of the lead forms (LeadForm.astro). Without JavaScript the forms post
// natively and the edge answers with a redirect or a French error page. With it: the same
// validation rules as the server (src/marketing/lead-forms.ts) show errors next to the fields,
// the attribution of the visit (utm_*, gclid, gbraid, wbraid, referrer) is added to pages the
// visitor reached from the site itself, and the form posts JSON.
// The referral code is not attribution: it is the visible « Code de parrainage » field, which the
// edge fills (src/edge/referral.ts); it is kept across pages only with the banner's consent, in
// the mf_ref cookie that clearing the field deletes.
// A field in error gets a thicker red border and a message with an icon (not colour alone), both
// tied to it (aria-invalid, aria-describedby). The address of a request sent from this tab is kept
// for this tab only (sessionStorage), to fill in the thank-you page's optional follow-up form.
import { parseLead } from '../marketing/lead-forms';
import { visitAttribution } from './attribution-client';
import { normalizeReferralCode } from '../marketing/referral-code';
import { readConsent } from './consent-client';
import { REFERRAL_COOKIE } from '../edge/cookies';

const EMAIL_KEY = 'mf_request_email';
const SVG = 'http://www.w3.org/2000/svg';

/** The error icon (a circled exclamation mark), decorative: the message says it all. */
function errorIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'mt-0.5 size-4 shrink-0');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17Zm-1 4h2v6H9v-6Zm0 7.5h2v2H9v-2Z');
  svg.append(path);
  return svg;
}

const REFERRAL_SECONDS = 30 * 86_400;
const storedReferral = () => new RegExp(`(?:^|;\\s*)${REFERRAL_COOKIE}=([^;]*)`).exec(document.cookie)?.[1];
function keepReferral(code: string | null) {
  if (code) document.cookie = `${REFERRAL_COOKIE}=${code}; Path=/; Max-Age=${REFERRAL_SECONDS}; SameSite=Lax; Secure`;
  else if (storedReferral() !== undefined) document.cookie = `${REFERRAL_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; Secure`;
}

/** The « Code de parrainage » field: filled by the edge; else (a copy served without it) from the URL. */
function referralField(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>('input[name="ref"]');
  if (!input) return;
  if (input.dataset.referralCode !== 'edge' && !input.value) {
    const code = normalizeReferralCode(new URLSearchParams(location.search).get('ref') ?? '') ?? (readConsent() === 'accept' ? normalizeReferralCode(storedReferral() ?? '') : null);
    if (code) {
      input.value = code;
      input.closest('details')?.setAttribute('open', '');
    }
  }
  const sync = () => {
    if (readConsent() !== 'accept') return;
    const code = normalizeReferralCode(input.value);
    // A cleared field forgets the code; a malformed one changes nothing until it is fixed.
    if (code || !input.value.trim()) keepReferral(code);
  };
  if (input.value) sync();
  input.addEventListener('change', sync);
  document.addEventListener('mf-consent', sync);
}

function values(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') out[key] = value;
  });
  return out;
}

function clearErrors(form: HTMLFormElement) {
  form.querySelectorAll('[data-field-error], [data-form-error]').forEach((el) => el.remove());
  form.querySelectorAll('[aria-invalid]').forEach((el) => {
    el.removeAttribute('aria-invalid');
    const describedBy = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error')).join(' ');
    if (describedBy) el.setAttribute('aria-describedby', describedBy);
    else el.removeAttribute('aria-describedby');
  });
}

function showErrors(form: HTMLFormElement, errors: Record<string, string>) {
  clearErrors(form);
  let first: HTMLElement | undefined;
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`);
    if (!input || (input as HTMLInputElement).type === 'hidden') {
      unplaced.push(message);
      continue;
    }
    const error = document.createElement('p');
    error.id = `${input.id}-error`;
    error.dataset.fieldError = field;
    error.className = 'mt-1 flex items-start gap-1.5 text-sm font-bold text-[#a3122a]';
    error.append(errorIcon(), document.createTextNode(message));
    (input.closest('div') ?? input).append(error);
    input.closest('details')?.setAttribute('open', '');
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${error.id}`.trim());
    first ??= input;
  }
  if (unplaced.length) showFormError(form, unplaced.join(' '));
  first?.focus();
}

function showFormError(form: HTMLFormElement, message: string) {
  const alert = document.createElement('p');
  alert.dataset.formError = '';
  alert.setAttribute('role', 'alert');
  alert.className = 'rounded-lg bg-amber-100 p-3 font-bold';
  alert.textContent = message;
  form.prepend(alert);
}

async function ensureToken(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>('input[name="formToken"]');
  if (input && !input.value) {
    const response = await fetch('/api/form-token', { headers: { Accept: 'application/json' } });
    if (response.ok) input.value = ((await response.json()) as { token: string }).token;
  }
}

export function enhanceLeadForms() {
  const forms = document.querySelectorAll<HTMLFormElement>('form[data-lead-form]');
  if (!forms.length) return;
  const visit = visitAttribution();
  forms.forEach((form) => {
    form.noValidate = true;
    referralField(form);
    // The edge already wrote this landing's attribution into the page (data-attribution, without
    // JavaScript): its values stand, and none is replaced or cleared here.
    const edgeFilled = [...form.querySelectorAll<HTMLInputElement>('input[data-attribution]')].some((i) => i.value);
    for (const [key, value] of Object.entries(visit)) {
      let input = form.querySelector<HTMLInputElement>(`input[name="${key}"]`);
      if (!input) {
        input = document.createElement('input');
        input.type = 'hidden';
        input.name = key;
        form.append(input);
      }
      if (key !== 'landingPage' && !(edgeFilled && input.hasAttribute('data-attribution'))) input.value = value;
    }
    const wanted = new URLSearchParams(location.search).get('formation');
    const select = form.querySelector<HTMLSelectElement>('select[name="training"]');
    if (wanted && select && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
    // The follow-up form of a thank-you page starts with the address of the request just sent.
    const email = form.querySelector<HTMLInputElement>('input[data-remember-email="fill"]');
    const remembered = sessionStorage.getItem(EMAIL_KEY);
    if (email && !email.value && remembered) email.value = remembered;
    void ensureToken(form);
    // Audience measurement (anonymous, no cookie): a form was started on this page, once. A
    // partner application is no learner's step in the funnel (its leads are not counted either).
    if (form.dataset.leadKind !== 'partner') {
      form.addEventListener(
        'focusin',
        () => navigator.sendBeacon?.('/api/m', new Blob([JSON.stringify({ type: 'form-start', path: location.pathname })], { type: 'application/json' })),
        { once: true },
      );
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = values(form);
      const trainings = new Set([...form.querySelectorAll<HTMLOptionElement>('select[name="training"] option')].map((o) => o.value).filter(Boolean));
      if (data.training) trainings.add(data.training);
      // The lists the page offers (the server checks against its own).
      const programmes = new Set([...form.querySelectorAll<HTMLOptionElement>('select[name="programme"] option')].map((o) => o.value).filter(Boolean));
      const check = parseLead(data, { knownTrainings: trainings, knownWebinars: new Set(data.webinar ? [data.webinar] : []), knownProgrammes: programmes });
      if (!check.ok) return showErrors(form, check.errors);
      clearErrors(form);
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        const response = await fetch(form.action, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(data) });
        const body = (await response.json().catch(() => ({}))) as { redirect?: string; errors?: Record<string, string>; message?: string };
        if (response.status === 201 && body.redirect) {
          if (data.email) sessionStorage.setItem(EMAIL_KEY, data.email.trim());
          location.assign(body.redirect);
          return;
        }
        if (response.status === 422 && body.errors) showErrors(form, body.errors);
        else showFormError(form, body.message ?? 'Votre demande n’a pas pu être envoyée. Réessayez dans quelques instants.');
      } catch {
        showFormError(form, 'Connexion impossible : vérifiez votre accès à Internet, puis renvoyez le formulaire.');
      } finally {
        if (button) button.disabled = false;
      }
    });
  });
}
