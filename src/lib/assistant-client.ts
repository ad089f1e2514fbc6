// The assistant's dialog, loaded only when a visitor opens it (src/components/ui/Assistant.astro
// imports this module on the launcher's first click). A modal <dialog> (WAI-ARIA APG dialog
// pattern: labelled, focus inside while open, Escape closes, focus back on the launcher), the
// conversation in role="log", answers from src/assistant/engine.ts over the build's index; no
// answer → a hand-over: WhatsApp prefilled with the question, a callback form (a lead of kind
// callback through /api/leads), the phone number and hours. Nothing typed is stored; a question
// without an answer is sent, anonymised, to be counted (POST /api/assistant/unanswered).
import { answer, unpackIndex, type AssistantIndex, type Answer, type PackedIndex, type ScenarioData } from '../assistant/engine';
import { handoverMessage, waLink } from '../assistant/handover';
import { frenchText } from './typography';
import { PREFERRED_TIME_ANY, PREFERRED_TIME_LABELS, PREFERRED_TIMES } from '../marketing/preferred-times';

interface AssistantData {
  scenarios: ScenarioData[];
  contact: { whatsapp: string; phone: string | null; openingHours: string };
}

let data: Promise<{ index: AssistantIndex; info: AssistantData }> | null = null;
let dialog: HTMLDialogElement | null = null;
let log: HTMLElement;
let input: HTMLInputElement;
let opener: HTMLElement | null = null;

const load = () =>
  (data ??= Promise.all([
    fetch('/assistant/index.json').then((r) => (r.ok ? (r.json() as Promise<PackedIndex>) : Promise.reject(new Error(String(r.status))))),
    fetch('/assistant/data.json').then((r) => (r.ok ? (r.json() as Promise<AssistantData>) : Promise.reject(new Error(String(r.status))))),
  ]).then(([packed, info]) => ({ index: unpackIndex(packed), info })));

/** An element; its text and human-readable attributes get French typography (U+202F before ? : ; !). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string, verbatim = false): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, k === 'aria-label' || k === 'placeholder' ? frenchText(v) : v);
  if (text !== undefined) node.textContent = verbatim ? text : frenchText(text);
  return node;
}

function build(): HTMLDialogElement {
  const d = el('dialog', { id: 'assistant', class: 'assistant', 'aria-labelledby': 'assistant-title', 'aria-describedby': 'assistant-note' });
  const head = el('div', { class: 'assistant-head' });
  head.append(el('h2', { id: 'assistant-title' }, 'Une question ?'));
  const close = el('button', { type: 'button', class: 'assistant-close', 'aria-label': 'Fermer l’assistant' }, '×');
  close.addEventListener('click', () => d.close());
  head.append(close);
  const note = el('p', { id: 'assistant-note', class: 'assistant-note' }, 'Réponses tirées des pages du site. Ce que vous écrivez n’est pas enregistré ; une question restée sans réponse est comptée, sans adresse ni numéro, pour compléter le site.');
  log = el('div', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', class: 'assistant-log' });
  const form = el('form', { class: 'assistant-ask' });
  const label = el('label', { for: 'assistant-question', class: 'sr-only' }, 'Votre question');
  input = el('input', { id: 'assistant-question', name: 'question', type: 'text', autocomplete: 'off', maxlength: '300', placeholder: 'Par exemple : combien coûte le CAP ?', required: '' });
  const send = el('button', { type: 'submit', class: 'btn-primary' }, 'Envoyer');
  form.append(label, input, send);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    input.value = '';
    void ask(question);
  });
  d.append(head, note, log, form);
  // Escape and the close button close it; focus goes back to what opened it.
  d.addEventListener('close', () => opener?.focus());
  // A click on the backdrop (outside the dialog's box) closes it too.
  d.addEventListener('click', (event) => {
    if (event.target === d) d.close();
  });
  document.body.append(d);
  say('assistant', 'Bonjour ! Posez votre question sur les formations, les prix, les financements ou l’examen : je réponds à partir des pages du site.');
  return d;
}

function say(who: 'visitor' | 'assistant', text: string): HTMLElement {
  const bubble = el('div', { class: `assistant-msg assistant-${who}` });
  // The visitor's words are shown as typed.
  bubble.append(el('p', {}, text, who === 'visitor'));
  log.append(bubble);
  bubble.scrollIntoView({ block: 'nearest' });
  return bubble;
}

async function ask(question: string) {
  say('visitor', question);
  const pending = say('assistant', 'Je cherche…');
  pending.setAttribute('aria-busy', 'true');
  let result: Answer;
  let info: AssistantData;
  try {
    const loaded = await load();
    info = loaded.info;
    result = answer(question, { scenarios: info.scenarios, index: loaded.index });
  } catch {
    pending.removeAttribute('aria-busy');
    pending.replaceChildren(el('p', {}, 'Je n’arrive pas à charger mes réponses (connexion ?). Vous pouvez nous écrire depuis la page contact.'));
    const link = el('a', { href: '/contact/' }, 'Page contact');
    pending.append(link);
    return;
  }
  pending.replaceChildren();
  pending.removeAttribute('aria-busy');
  if (result.kind === 'scenario') {
    pending.append(el('p', {}, result.text));
    const actions = el('div', { class: 'assistant-actions' });
    for (const f of result.followUps) {
      if (f.href) actions.append(el('a', { href: f.href, class: 'assistant-chip' }, f.label));
      else {
        const b = el('button', { type: 'button', class: 'assistant-chip' }, f.label);
        b.addEventListener('click', () => void ask(f.message ?? f.label));
        actions.append(b);
      }
    }
    if (result.related) actions.append(el('a', { href: result.related.url, class: 'assistant-chip' }, `À lire : ${result.related.title}`));
    pending.append(actions);
  } else if (result.kind === 'passage') {
    pending.append(el('p', {}, result.text));
    const more = el('p', { class: 'assistant-source' });
    more.append(el('a', { href: result.url }, `Lire la suite : ${result.title}`));
    pending.append(more);
    if (result.others.length) {
      const others = el('ul', { class: 'assistant-others', 'aria-label': 'Autres pages utiles' });
      for (const o of result.others) {
        const li = el('li');
        li.append(el('a', { href: o.url }, o.title));
        others.append(li);
      }
      pending.append(others);
    }
  } else {
    pending.append(el('p', {}, 'Je n’ai pas de réponse sûre à cette question sur le site. Une personne de l’équipe peut vous répondre :'));
    pending.append(handover(question, info));
    void fetch('/api/assistant/unanswered', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question, path: location.pathname }), keepalive: true }).catch(() => undefined);
  }
  pending.scrollIntoView({ block: 'nearest' });
}

/** WhatsApp prefilled with the question, a callback form, the phone and the hours. */
function handover(question: string, info: AssistantData): HTMLElement {
  const box = el('div', { class: 'assistant-handover' });
  const wa = el('a', { href: waLink(info.contact.whatsapp, handoverMessage(question, location.pathname)), class: 'btn-primary', rel: 'noopener', target: '_blank' }, 'Parler à un conseiller sur WhatsApp');
  box.append(wa);
  const details = el('details', { class: 'assistant-callback' });
  details.append(el('summary', {}, 'Être rappelé'));
  details.append(callbackForm(question));
  box.append(details);
  const hours = info.contact.phone ? `Par téléphone au ${info.contact.phone}, ${info.contact.openingHours}.` : `Une personne répond ${info.contact.openingHours}.`;
  box.append(el('p', { class: 'assistant-hours' }, hours));
  return box;
}

let forms = 0;
// The site's callback form (src/marketing/lead-forms.ts): first name, phone, e-mail, preferred time.
const FIELDS: { name: string; label: string; type: string; autocomplete: string; required: boolean; options?: [string, string][] }[] = [
  { name: 'firstName', label: 'Prénom', type: 'text', autocomplete: 'given-name', required: true },
  { name: 'phone', label: 'Téléphone', type: 'tel', autocomplete: 'tel', required: true },
  { name: 'email', label: 'Adresse e-mail (pour recevoir la confirmation)', type: 'email', autocomplete: 'email', required: true },
  {
    name: 'preferredTime',
    label: 'Moment préféré pour l’appel',
    type: 'select',
    autocomplete: 'off',
    required: false,
    options: [['', PREFERRED_TIME_ANY], ...PREFERRED_TIMES.map((k) => [k, PREFERRED_TIME_LABELS[k]] as [string, string])],
  },
];

function callbackForm(question: string): HTMLFormElement {
  const id = `assistant-cb-${++forms}`;
  const form = el('form', { class: 'assistant-form', novalidate: '' });
  for (const f of FIELDS) {
    const wrap = el('div');
    wrap.append(el('label', { for: `${id}-${f.name}` }, f.label));
    const control =
      f.type === 'select'
        ? (() => {
            const s = el('select', { id: `${id}-${f.name}`, name: f.name, ...(f.required ? { required: '' } : {}) });
            for (const [v, l] of f.options!) s.append(el('option', { value: v }, l));
            return s;
          })()
        : el('input', { id: `${id}-${f.name}`, name: f.name, type: f.type, autocomplete: f.autocomplete, ...(f.required ? { required: '' } : {}) });
    wrap.append(control);
    form.append(wrap);
  }
  const status = el('p', { role: 'status', class: 'assistant-status' });
  const submit = el('button', { type: 'submit', class: 'btn-primary' }, 'Demander à être rappelé');
  form.append(submit, status);
  const token = fetch('/api/form-token', { headers: { Accept: 'application/json' } }).then((r) => r.json() as Promise<{ token: string }>);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
    const values: Record<string, string> = { kind: 'callback', message: `Question posée à l’assistant : ${question}`.slice(0, 1000), landingPage: location.pathname };
    new FormData(form).forEach((v, k) => typeof v === 'string' && (values[k] = v));
    try {
      values.formToken = (await token).token;
    } catch {
      status.textContent = 'Envoi impossible pour l’instant : réessayez dans un instant.';
      return;
    }
    submit.disabled = true;
    status.textContent = 'Envoi…';
    const res = await fetch('/api/leads', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(values) }).catch(() => null);
    submit.disabled = false;
    const body = (await res?.json().catch(() => null)) as { ok?: boolean; message?: string; errors?: Record<string, string> } | null;
    if (res && res.ok && body?.ok) {
      form.replaceChildren(el('p', { class: 'assistant-done' }, 'C’est noté : un conseiller ou une conseillère vous rappelle au numéro indiqué, aux heures d’ouverture.'));
      return;
    }
    if (body?.errors) {
      const messages = Object.entries(body.errors).map(([field, message]) => {
        form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
        return message;
      });
      status.textContent = messages.join(' ');
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
    } else status.textContent = body?.message ?? 'Envoi impossible pour l’instant : réessayez dans un instant.';
  });
  return form;
}

/** Opens the assistant (first use: builds it); the launcher gets the focus back on close. */
export function openAssistant(launcher: HTMLElement) {
  opener = launcher;
  dialog ??= build();
  if (!dialog.open) dialog.showModal();
  input.focus();
  void load().catch(() => undefined);
}
