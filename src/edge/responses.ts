// Small French HTML pages answered to visitors without JavaScript (the form posts natively).
import { AGE_BRACKET_LABELS, COMPANY_SIZE_LABELS, SITUATION_LABELS } from '../marketing/lead-forms';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)} | MécaFormation</title><link rel="stylesheet" href="/edge.css"></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

export function errorPage(title: string, message: string, back = '/'): string {
  return page(title, `<p>${escape(message)}</p><p><a href="${escape(back)}">Revenir à la page précédente</a></p>`);
}

const CHECKBOXES = ['consentMarketing', 'consentTracking'];
/** Fields the visitor filled in; the others (kind, campaign tags, landing page) stay hidden unless wrong. */
const TYPED = ['firstName', 'lastName', 'email', 'phone', 'situation', 'ageBracket', 'birthYear', 'region', 'message', 'company', 'companySize', 'ref'];
/** Fields chosen from a list: offered again as the same list, in French. */
const CHOICES: Record<string, Record<string, string>> = { situation: SITUATION_LABELS, ageBracket: AGE_BRACKET_LABELS, companySize: COMPANY_SIZE_LABELS };

/** Lists each field error and re-offers the form with what the visitor typed. */
export function validationPage(options: {
  errors: Record<string, string>;
  values: Record<string, string>;
  labels: Record<string, string>;
  token: string;
  back: string;
}): string {
  const { errors, values, labels, token, back } = options;
  // Field names come from the request: only own keys of the label map (never toString & co).
  const label = (k: string) => (Object.hasOwn(labels, k) ? labels[k]! : k);
  const choices = (k: string) => (Object.hasOwn(CHOICES, k) ? CHOICES[k] : undefined);
  // The consent boxes are always offered again, ticked as they were (an unticked box sends nothing).
  const visible = Object.keys(labels).filter((k) => (TYPED.includes(k) && Object.hasOwn(values, k)) || Object.hasOwn(errors, k) || CHECKBOXES.includes(k));
  const list = Object.entries(errors)
    .map(([field, message]) => `<li><a href="#f-${escape(field)}">${escape(label(field))}</a> : ${escape(message)}</li>`)
    .join('');
  const hidden = Object.entries(values)
    .filter(([k]) => !visible.includes(k) && k !== 'formToken' && k !== 'website')
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const fields = visible
    .map((k) => {
      const error = Object.hasOwn(errors, k) ? `<p class="err" id="e-${escape(k)}">${escape(errors[k])}</p>` : '';
      const described = Object.hasOwn(errors, k) ? ` aria-invalid="true" aria-describedby="e-${escape(k)}"` : '';
      const input =
        k === 'message'
          ? `<textarea id="f-${escape(k)}" name="${escape(k)}"${described}>${escape(values[k] ?? '')}</textarea>`
          : choices(k)
            ? `<select id="f-${escape(k)}" name="${escape(k)}"${described}><option value="">Choisir…</option>${Object.entries(choices(k)!).map(([v, l]) => `<option value="${escape(v)}"${values[k] === v ? ' selected' : ''}>${escape(l)}</option>`).join('')}</select>`
          : CHECKBOXES.includes(k)
            ? `<input type="checkbox" id="f-${escape(k)}" name="${escape(k)}" value="yes"${values[k] === 'yes' ? ' checked' : ''}>`
            : `<input id="f-${escape(k)}" name="${escape(k)}" value="${escape(values[k] ?? '')}"${described}>`;
      return `<div><label for="f-${escape(k)}">${escape(label(k))}</label>${input}${error}</div>`;
    })
    .join('');
  const body = `<p>Votre demande n’a pas pu être envoyée. Corrigez ${Object.keys(errors).length > 1 ? 'les points suivants' : 'le point suivant'} :</p>
<ul>${list}</ul>
<form method="post" action="/api/leads">${hidden}<input type="hidden" name="formToken" value="${escape(token)}">${fields}<button type="submit">Envoyer</button></form>
<p><a href="${escape(back)}">Revenir à la page précédente</a></p>`;
  return page('Quelques informations à corriger', body);
}

/** A page with one button that posts to `action` (a same-origin path): unsubscribe, confirm. */
export function actionPage(title: string, message: string, action: string, button: string, items: string[] = []): string {
  const list = items.length ? `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : '';
  return page(title, `<p>${escape(message)}</p>${list}<form method="post" action="${escape(action)}"><button type="submit">${escape(button)}</button></form><p><a href="/">Aller à l’accueil du site</a></p>`);
}

/** The double opt-in page: one ticked box per request, each with what it would record. */
export function confirmPage(email: string, action: string, requests: { value: string; label: string; items: string[] }[]): string {
  const boxes = requests
    .map(
      (r) =>
        `<div><input type="checkbox" id="r-${escape(r.value)}" name="request" value="${escape(r.value)}" checked> <label for="r-${escape(r.value)}">${escape(r.label)}</label><ul>${r.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul></div>`,
    )
    .join('');
  return page(
    'Confirmez votre demande',
    `<p>Adresse : ${escape(email)}. Des demandes ont été faites avec cette adresse sur notre site. Décochez celles qui ne viennent pas de vous, puis confirmez : rien d’autre ne sera enregistré.</p><form method="post" action="${escape(action)}"><fieldset><legend>Demandes à confirmer</legend>${boxes}</fieldset><button type="submit">Je confirme les demandes cochées</button></form><p><a href="/">Aller à l’accueil du site</a></p>`,
  );
}

/** A confirmation (unsubscribe). */
export function infoPage(title: string, message: string): string {
  return page(title, `<p>${escape(message)}</p><p><a href="/">Aller à l’accueil du site</a></p>`);
}
