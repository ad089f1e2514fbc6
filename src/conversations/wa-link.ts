// WhatsApp click-to-chat links (wa.me): the school's number as digits only and a prefilled message
// the person can edit before sending. Pure: used by pages at build, by the assistant in the
// browser and by tests. Format (WhatsApp FAQ « About international phone number format »):
// https://wa.me/<country code and number, digits only>?text=<URL-encoded text>.
import type { Whatsapp } from '../marketing/config';

/** +33 6 89 45 72 31 → 33689457231 (a leading 00 is the international prefix, dropped). */
export function waDigits(number: string): string {
  const trimmed = number.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (!trimmed.startsWith('+') && digits.startsWith('00')) digits = digits.slice(2);
  // A national number (06…) has no country code: WhatsApp would open the wrong chat.
  if (!trimmed.startsWith('+') && !trimmed.startsWith('00')) throw new Error(`numéro WhatsApp « ${number} » : format international attendu (+33 6 …)`);
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) throw new Error(`numéro WhatsApp « ${number} » : 8 à 15 chiffres après l’indicatif + attendus`);
  return digits;
}

/** https://wa.me/33689457231?text=Bonjour%2C%20… (no text: the chat opens empty). */
export function waMeLink(number: string, message?: string): string {
  const base = `https://wa.me/${waDigits(number)}`;
  const text = message?.trim();
  return text ? `${base}?text=${encodeURIComponent(text)}` : base;
}

/** The prefilled message of a topic of whatsapp.yaml, with the page it was written from. */
export function prefilledMessage(whatsapp: Pick<Whatsapp, 'quickReplies'>, topic: string, page?: { title: string; path: string }): string {
  const reply = whatsapp.quickReplies.find((q) => q.key === topic);
  if (!reply) throw new Error(`whatsapp.yaml : quickReplies : sujet « ${topic} » inconnu (${whatsapp.quickReplies.map((q) => q.key).join(', ')})`);
  // French typography in the text the person reads and sends: narrow no-break spaces (U+202F).
  return page ? `${reply.message} (page «\u202f${page.title}\u202f»\u202f: ${page.path})` : reply.message;
}

/** One link per quick reply of whatsapp.yaml: its label and its prefilled wa.me link. */
export function quickReplyLinks(whatsapp: Pick<Whatsapp, 'number' | 'quickReplies'>, page?: { title: string; path: string }) {
  return whatsapp.quickReplies.map((q) => ({ key: q.key, label: q.label, message: prefilledMessage(whatsapp, q.key, page), href: waMeLink(whatsapp.number, prefilledMessage(whatsapp, q.key, page)) }));
}
