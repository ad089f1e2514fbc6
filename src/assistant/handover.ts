// Handing a question over to a person: a WhatsApp click-to-chat link prefilled with the question
// and the page (digits only in the number, as wa.me requires), and what the team may keep of a
// question that found no answer: no e-mail address, no phone number, no long digit run.
import { waMeLink } from '../conversations/wa-link';

/** https://wa.me/<digits>?text=<message> (src/conversations/wa-link.ts): the visitor can still edit the message before sending. */
export const waLink = (number: string, message: string) => waMeLink(number, message);

/** The prefilled WhatsApp message of a hand-over. */
export function handoverMessage(question: string, page: string): string {
  return `Bonjour, j’ai une question : « ${question.trim().slice(0, 300)} » (page ${page})`;
}

/**
 * A question as the team may see it in the aggregates: e-mail addresses, phone numbers, URLs and
 * runs of 4 digits or more removed, spaces collapsed, at most 160 characters, lower case.
 * Returns null when nothing meaningful is left.
 */
export function anonymizeQuestion(text: string): string | null {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\S+@\S+/g, ' [e-mail] ')
    .replace(/https?:\/\/\S+|www\.\S+/gi, ' [lien] ')
    .replace(/(?:\+|00)?\d[\d\s.\-/()]{6,}\d/g, ' [numéro] ')
    .replace(/\d{4,}/g, ' [numéro] ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, 160);
  return /\p{L}{2,}/u.test(cleaned.replace(/\[(e-mail|lien|numéro)\]/g, '')) ? cleaned : null;
}
