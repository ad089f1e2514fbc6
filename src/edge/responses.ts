// Small French HTML pages answered by the edge: form errors to visitors without JavaScript (the
// form posts natively), confirmation, unsubscribe and cancellation pages. Everything shown is
// escaped here; src/edge/app.ts then puts the page in the site's layout (src/edge/edge-layout.ts).
import { AGE_BRACKET_LABELS, COMPANY_SIZE_LABELS, PREFERRED_TIME_ANY, PREFERRED_TIME_LABELS, REGIONS, SITUATION_LABELS } from '../marketing/lead-forms';
import { EDGE_PAGE_ATTRIBUTE } from './edge-layout';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Classes of the site's stylesheet (the same as LeadForm.astro): the pages are shown in the site's
// layout (src/edge/edge-layout.ts); without it, public/edge.css styles the same elements.
const P = 'mt-4';
const LIST = 'mt-3 list-disc space-y-2 pl-6';
const FORM = 'mt-6 grid gap-4 rounded-xl border border-navy-100 bg-white p-5 shadow-sm';
const LABEL = 'block font-bold';
const FIELD = 'field text-base';
const BOX = 'mt-1 size-5 shrink-0';
const BUTTON = 'btn-primary justify-self-start';
const ERROR = 'err mt-1 flex items-start gap-1.5 text-sm font-bold text-[#a3122a]';
/** A field's error: an icon (decorative) and the message, not colour alone. */
const ICON = '<svg aria-hidden="true" viewBox="0 0 20 20" class="mt-0.5 size-4 shrink-0"><path fill="currentColor" d="M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17Zm-1 4h2v6H9v-6Zm0 7.5h2v2H9v-2Z"/></svg>';

/**
 * The page's own small document; the edge puts its title and <main> in the site's layout
 * (src/edge/app.ts, src/edge/edge-layout.ts). `body` is HTML already escaped, without the h1.
 */
export function edgePage(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)} | MécaFormation</title><link rel="stylesheet" href="/edge.css"></head><body><main ${EDGE_PAGE_ATTRIBUTE}="${escape(title)}"><h1 class="mt-8 text-3xl sm:text-4xl">${escape(title)}</h1>${body}</main></body></html>`;
}

const back = (href: string, text: string) => `<p class="mt-6"><a href="${escape(href)}">${text}</a></p>`;

export function errorPage(title: string, message: string, backTo = '/'): string {
  return edgePage(title, `<p class="${P}">${escape(message)}</p>${back(backTo, 'Revenir à la page précédente')}`);
}

const CHECKBOXES = ['consentMarketing', 'consentTracking'];
/** Fields the visitor filled in; the others (kind, campaign tags, landing page) stay hidden unless wrong. */
const TYPED = ['firstName', 'lastName', 'email', 'phone', 'preferredTime', 'situation', 'ageBracket', 'birthYear', 'region', 'message', 'company', 'companySize', 'ref'];
/** Fields chosen from a list: offered again as the same list, in French. */
const CHOICES: Record<string, Record<string, string>> = {
  situation: SITUATION_LABELS,
  ageBracket: AGE_BRACKET_LABELS,
  companySize: COMPANY_SIZE_LABELS,
  preferredTime: PREFERRED_TIME_LABELS,
  region: Object.fromEntries(REGIONS.map((r) => [r, r])),
};
/** What the empty choice of a list says (« Choisir… » otherwise). */
const NO_CHOICE: Record<string, string> = { preferredTime: PREFERRED_TIME_ANY };

/** Lists each field error and re-offers the form with what the visitor typed. */
export function validationPage(options: {
  errors: Record<string, string>;
  values: Record<string, string>;
  labels: Record<string, string>;
  token: string;
  back: string;
}): string {
  const { errors, values, labels, token } = options;
  // Field names come from the request: only own keys of the label map (never toString & co).
  const label = (k: string) => (Object.hasOwn(labels, k) ? labels[k]! : k);
  const choices = (k: string) => (Object.hasOwn(CHOICES, k) ? CHOICES[k] : undefined);
  // The consent boxes are offered again, ticked as they were (an unticked box sends nothing), on
  // the forms that have them (not the profile follow-up).
  const boxes = values.kind !== 'profile';
  const visible = Object.keys(labels).filter((k) => (TYPED.includes(k) && Object.hasOwn(values, k)) || Object.hasOwn(errors, k) || (boxes && CHECKBOXES.includes(k)));
  const list = Object.entries(errors)
    .map(([field, message]) => `<li><a href="#f-${escape(field)}">${escape(label(field))}</a>\u202f: ${escape(message)}</li>`)
    .join('');
  const hidden = Object.entries(values)
    .filter(([k]) => !visible.includes(k) && k !== 'formToken' && k !== 'website')
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const fields = visible
    .map((k) => {
      const id = `f-${escape(k)}`;
      const error = Object.hasOwn(errors, k) ? `<p class="${ERROR}" id="e-${escape(k)}">${ICON}<span>${escape(errors[k]!)}</span></p>` : '';
      const described = Object.hasOwn(errors, k) ? ` aria-invalid="true" aria-describedby="e-${escape(k)}"` : '';
      if (CHECKBOXES.includes(k)) {
        return `<div class="flex items-start gap-3"><input class="${BOX}" type="checkbox" id="${id}" name="${escape(k)}" value="yes"${values[k] === 'yes' ? ' checked' : ''}${described}><div><label for="${id}" class="text-base">${escape(label(k))}</label>${error}</div></div>`;
      }
      const options = choices(k);
      const input =
        k === 'message'
          ? `<textarea class="${FIELD}" id="${id}" name="${escape(k)}" rows="4"${described}>${escape(values[k] ?? '')}</textarea>`
          : options
            ? `<select class="${FIELD}" id="${id}" name="${escape(k)}"${described}><option value="">${escape(NO_CHOICE[k] ?? 'Choisir…')}</option>${Object.entries(options).map(([v, l]) => `<option value="${escape(v)}"${values[k] === v ? ' selected' : ''}>${escape(l)}</option>`).join('')}</select>`
            : `<input class="${FIELD}" id="${id}" name="${escape(k)}" value="${escape(values[k] ?? '')}"${described}>`;
      return `<div><label class="${LABEL}" for="${id}">${escape(label(k))}</label>${input}${error}</div>`;
    })
    .join('');
  const body = `<p class="${P}">Votre demande n’a pas pu être envoyée. Corrigez ${Object.keys(errors).length > 1 ? 'les points suivants' : 'le point suivant'}\u202f:</p>
<ul class="${LIST}">${list}</ul>
<form method="post" action="/api/leads" class="${FORM}">${hidden}<input type="hidden" name="formToken" value="${escape(token)}">${fields}<button type="submit" class="${BUTTON}">Envoyer</button></form>
${back(options.back, 'Revenir à la page précédente')}`;
  return edgePage('Quelques informations à corriger', body);
}

/** A page with one button that posts to `action` (a same-origin path): unsubscribe, confirm. */
export function actionPage(title: string, message: string, action: string, button: string, items: string[] = []): string {
  const list = items.length ? `<ul class="${LIST}">${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : '';
  return edgePage(title, `<p class="${P}">${escape(message)}</p>${list}<form method="post" action="${escape(action)}" class="mt-6"><button type="submit" class="${BUTTON}">${escape(button)}</button></form>${back('/', 'Aller à l’accueil du site')}`);
}

/** The double opt-in page: one ticked box per request, each with what it would record. */
export function confirmPage(email: string, action: string, requests: { value: string; label: string; items: string[] }[]): string {
  const boxes = requests
    .map(
      (r) =>
        `<div class="flex items-start gap-3"><input class="${BOX}" type="checkbox" id="r-${escape(r.value)}" name="request" value="${escape(r.value)}" checked><div><label for="r-${escape(r.value)}" class="font-bold">${escape(r.label)}</label><ul class="${LIST}">${r.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul></div></div>`,
    )
    .join('');
  return edgePage(
    'Confirmez votre demande',
    `<p class="${P}">Adresse\u202f: ${escape(email)}. Des demandes ont été faites avec cette adresse sur notre site. Décochez celles qui ne viennent pas de vous, puis confirmez\u202f: rien d’autre ne sera enregistré.</p><form method="post" action="${escape(action)}" class="${FORM}"><fieldset class="grid gap-4"><legend class="font-bold">Demandes à confirmer</legend>${boxes}</fieldset><button type="submit" class="${BUTTON}">Je confirme les demandes cochées</button></form>${back('/', 'Aller à l’accueil du site')}`,
  );
}

/** A confirmation (unsubscribe). */
export function infoPage(title: string, message: string): string {
  return edgePage(title, `<p class="${P}">${escape(message)}</p>${back('/', 'Aller à l’accueil du site')}`);
}
