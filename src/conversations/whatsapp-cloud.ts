// The WhatsApp Cloud API's formats, as Meta documents them (developers.facebook.com, WhatsApp
// Business Platform: « Webhooks », « Interactive list messages », « Interactive reply buttons
// messages », « Document messages »): what a webhook POST carries, checked field by field, and
// the bodies of the messages we send, checked against the platform's limits. Pure: no I/O.

/** Messages this site sends, before they become Cloud API bodies. */
export type Outgoing =
  | { type: 'text'; text: string }
  | { type: 'list'; header?: string; body: string; footer?: string; button: string; sections: { title: string; rows: { id: string; title: string; description?: string }[] }[] }
  | { type: 'buttons'; body: string; footer?: string; buttons: { id: string; title: string }[] }
  | { type: 'document'; link: string; filename: string; caption: string };

/** The platform's limits (characters), from Meta's message reference. */
export const LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  header: 60,
  footer: 60,
  listButton: 20,
  sections: 10,
  rows: 10,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  sectionTitle: 24,
  buttons: 3,
  buttonId: 256,
  buttonTitle: 20,
  caption: 1024,
} as const;

const len = (s: string) => [...s].length;

/** Every limit a message breaks (empty when it can be sent). */
export function limitProblems(m: Outgoing): string[] {
  const p: string[] = [];
  const max = (what: string, s: string | undefined, n: number) => {
    if (s !== undefined && len(s) > n) p.push(`${what} : ${len(s)} caractères, ${n} au plus (« ${s} »)`);
    if (s !== undefined && !s.trim()) p.push(`${what} : vide`);
  };
  if (m.type === 'text') max('texte', m.text, LIMITS.text);
  else if (m.type === 'document') {
    max('légende', m.caption, LIMITS.caption);
    if (!/^https:\/\//.test(m.link)) p.push(`document : lien HTTPS attendu (${m.link})`);
  } else {
    max('corps', m.body, LIMITS.interactiveBody);
    max('pied', m.footer, LIMITS.footer);
    if (m.type === 'list') {
      max('en-tête', m.header, LIMITS.header);
      max('bouton de la liste', m.button, LIMITS.listButton);
      const rows = m.sections.flatMap((s) => s.rows);
      if (!m.sections.length || m.sections.length > LIMITS.sections) p.push(`sections : ${m.sections.length}, de 1 à ${LIMITS.sections}`);
      if (!rows.length || rows.length > LIMITS.rows) p.push(`lignes : ${rows.length}, de 1 à ${LIMITS.rows} en tout`);
      m.sections.forEach((s) => max('titre de section', s.title, LIMITS.sectionTitle));
      rows.forEach((r) => {
        max('identifiant de ligne', r.id, LIMITS.rowId);
        max('titre de ligne', r.title, LIMITS.rowTitle);
        max('description de ligne', r.description, LIMITS.rowDescription);
      });
      if (new Set(rows.map((r) => r.id)).size !== rows.length) p.push('lignes : identifiants en double');
    } else {
      if (!m.buttons.length || m.buttons.length > LIMITS.buttons) p.push(`boutons : ${m.buttons.length}, de 1 à ${LIMITS.buttons}`);
      m.buttons.forEach((b) => {
        max('identifiant de bouton', b.id, LIMITS.buttonId);
        max('titre de bouton', b.title, LIMITS.buttonTitle);
      });
      if (new Set(m.buttons.map((b) => b.title)).size !== m.buttons.length) p.push('boutons : titres en double');
    }
  }
  return p;
}

/** The JSON body of POST /<phone number id>/messages for one message to `to` (digits). */
export function graphBody(to: string, m: Outgoing): Record<string, unknown> {
  const problems = limitProblems(m);
  if (problems.length) throw new Error(`message WhatsApp hors des limites de la plateforme : ${problems.join(' ; ')}`);
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  switch (m.type) {
    case 'text':
      return { ...base, type: 'text', text: { preview_url: /https:\/\//.test(m.text), body: m.text } };
    case 'document':
      return { ...base, type: 'document', document: { link: m.link, filename: m.filename, caption: m.caption } };
    case 'list':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          ...(m.header ? { header: { type: 'text', text: m.header } } : {}),
          body: { text: m.body },
          ...(m.footer ? { footer: { text: m.footer } } : {}),
          action: { button: m.button, sections: m.sections.map((s) => ({ title: s.title, rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) })) })) },
        },
      };
    case 'buttons':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: m.body },
          ...(m.footer ? { footer: { text: m.footer } } : {}),
          action: { buttons: m.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
        },
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Webhook payloads
// ---------------------------------------------------------------------------------------------

/** What a person sent: text, a choice in one of our lists or buttons, or something else. */
export type InboundContent = { kind: 'text'; text: string } | { kind: 'choice'; id: string; title: string } | { kind: 'other'; type: string };

export interface InboundMessage {
  /** Meta's message id (wamid.…): the idempotency key. */
  id: string;
  /** The sender's WhatsApp id: their number, digits only. */
  from: string;
  /** When the person sent it (Meta's timestamp, seconds). */
  at: Date;
  content: InboundContent;
  /** The sender's WhatsApp profile name, when Meta gives it. */
  profileName: string | null;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];

export interface StatusUpdate {
  /** The wamid of one of our messages. */
  id: string;
  status: DeliveryStatus;
  at: Date;
  recipient: string;
  /** Why it failed (code and title of Meta's error). */
  error: string | null;
}

export interface WebhookContent {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  /** Changes left aside: another phone number of the app, another field, an unknown status. */
  ignored: number;
}

export class WebhookShapeError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field} : ${rule}`);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_ITEMS = 1000;

function array(v: unknown, field: string, optional = false): unknown[] {
  if (v === undefined && optional) return [];
  if (!Array.isArray(v)) throw new WebhookShapeError(field, 'tableau attendu');
  if (v.length > MAX_ITEMS) throw new WebhookShapeError(field, `${MAX_ITEMS} éléments au plus`);
  return v;
}
function object(v: unknown, field: string): Json {
  if (!isObject(v)) throw new WebhookShapeError(field, 'objet attendu');
  return v;
}
function string(v: unknown, field: string, pattern?: RegExp, rule = 'texte attendu'): string {
  if (typeof v !== 'string' || !v || v.length > 4096 || (pattern && !pattern.test(v))) throw new WebhookShapeError(field, rule);
  return v;
}
function seconds(v: unknown, field: string): Date {
  const s = string(v, field, /^\d{1,12}$/, 'horodatage en secondes attendu (texte de chiffres)');
  return new Date(Number(s) * 1000);
}

const WA_ID = /^\d{5,20}$/;
const WAMID = /^[\w.=+/:-]{1,256}$/;

/**
 * The messages and delivery statuses of a webhook POST (field « messages »), for our phone number
 * only when `phoneNumberId` is given. A shape Meta never sends is refused, naming the field; what
 * is merely not for us (another object, field or number, a status we do not track) is ignored.
 */
export function parseWebhook(body: unknown, phoneNumberId?: string): WebhookContent {
  const root = object(body, 'corps');
  const out: WebhookContent = { messages: [], statuses: [], ignored: 0 };
  if (root.object !== 'whatsapp_business_account') {
    out.ignored++;
    return out;
  }
  array(root.entry, 'entry').forEach((e, i) => {
    const entry = object(e, `entry[${i}]`);
    array(entry.changes, `entry[${i}].changes`).forEach((ch, j) => {
      const at = `entry[${i}].changes[${j}]`;
      const change = object(ch, at);
      if (change.field !== undefined && change.field !== 'messages') {
        out.ignored++;
        return;
      }
      const value = object(change.value, `${at}.value`);
      const metadata = value.metadata === undefined ? {} : object(value.metadata, `${at}.value.metadata`);
      if (phoneNumberId && metadata.phone_number_id !== undefined && String(metadata.phone_number_id) !== phoneNumberId) {
        out.ignored++;
        return;
      }
      const names = new Map<string, string>();
      array(value.contacts, `${at}.value.contacts`, true).forEach((c, k) => {
        const contact = object(c, `${at}.value.contacts[${k}]`);
        const profile = contact.profile === undefined ? {} : object(contact.profile, `${at}.value.contacts[${k}].profile`);
        if (typeof contact.wa_id === 'string' && typeof profile.name === 'string') names.set(contact.wa_id, profile.name.slice(0, 200));
      });
      array(value.messages, `${at}.value.messages`, true).forEach((m, k) => {
        const f = `${at}.value.messages[${k}]`;
        const msg = object(m, f);
        const from = string(msg.from, `${f}.from`, WA_ID, 'numéro WhatsApp attendu (5 à 20 chiffres)');
        out.messages.push({
          id: string(msg.id, `${f}.id`, WAMID, 'identifiant de message attendu (wamid…, 256 caractères au plus)'),
          from,
          at: seconds(msg.timestamp, `${f}.timestamp`),
          content: contentOf(msg, f),
          profileName: names.get(from) ?? null,
        });
      });
      array(value.statuses, `${at}.value.statuses`, true).forEach((s, k) => {
        const f = `${at}.value.statuses[${k}]`;
        const st = object(s, f);
        const status = string(st.status, `${f}.status`);
        if (!(DELIVERY_STATUSES as readonly string[]).includes(status)) {
          out.ignored++;
          return;
        }
        const errors = array(st.errors, `${f}.errors`, true).filter(isObject);
        out.statuses.push({
          id: string(st.id, `${f}.id`, WAMID, 'identifiant de message attendu (wamid…, 256 caractères au plus)'),
          status: status as DeliveryStatus,
          at: seconds(st.timestamp, `${f}.timestamp`),
          recipient: string(st.recipient_id, `${f}.recipient_id`, WA_ID, 'numéro WhatsApp attendu (5 à 20 chiffres)'),
          error: errors.length ? errors.map((x) => `${String(x.code ?? '?')} ${String(x.title ?? x.message ?? '')}`.trim()).join(' ; ').slice(0, 300) : null,
        });
      });
    });
  });
  return out;
}

function contentOf(msg: Json, f: string): InboundContent {
  const type = string(msg.type, `${f}.type`, /^[a-z_]{1,40}$/, 'type de message attendu');
  if (type === 'text') {
    const text = object(msg.text, `${f}.text`);
    return { kind: 'text', text: string(text.body, `${f}.text.body`).slice(0, 4096) };
  }
  if (type === 'interactive') {
    const i = object(msg.interactive, `${f}.interactive`);
    const reply = i.type === 'list_reply' ? i.list_reply : i.type === 'button_reply' ? i.button_reply : undefined;
    if (reply === undefined) return { kind: 'other', type: `interactive:${String(i.type).slice(0, 40)}` };
    const r = object(reply, `${f}.interactive.${String(i.type)}`);
    return { kind: 'choice', id: string(r.id, `${f}.interactive.${String(i.type)}.id`).slice(0, 256), title: string(r.title, `${f}.interactive.${String(i.type)}.title`).slice(0, 100) };
  }
  if (type === 'button') {
    // A quick-reply button of a template message: its text is what the person chose.
    const b = object(msg.button, `${f}.button`);
    return { kind: 'text', text: string(b.text, `${f}.button.text`).slice(0, 256) };
  }
  return { kind: 'other', type };
}

/** What a sent message said, in a line for the console (and the RGPD export). */
export function summary(m: Outgoing): string {
  switch (m.type) {
    case 'text':
      return m.text;
    case 'document':
      return `Document ${m.filename} : ${m.caption}`;
    case 'list':
      return `${m.body} [liste : ${m.sections.flatMap((s) => s.rows.map((r) => r.title)).join(' · ')}]`;
    case 'buttons':
      return `${m.body} [boutons : ${m.buttons.map((b) => b.title).join(' · ')}]`;
  }
}
