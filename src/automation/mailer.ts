// The Mailer port of the automation engine. Adapters: an .eml outbox folder (default on Node, so
// `npm start` works offline) and SMTP through nodemailer (src/automation/mailer-node.ts), the
// Brevo HTTP API on Workers (below: fetch only, no node:* import).

export interface OutgoingEmail {
  /** The job id: also the Message-ID's local part and the outbox file name (idempotent). */
  id: string;
  from: { name: string; email: string };
  replyTo: string;
  to: { name: string | null; email: string };
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Files sent with the e-mail: a webinar's calendar invitation (text/calendar; method=…). */
  attachments?: { filename: string; contentType: string; content: string; method?: string }[];
}

export interface Mailer {
  /** Delivers or throws; a throw makes the engine retry with backoff. */
  send(email: OutgoingEmail): Promise<void>;
}

/** UTF-8 text as base64 (Brevo's attachment content), without node:buffer. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const messageId = (email: OutgoingEmail) => `<${email.id}@${email.from.email.split('@')[1]}>`;

/** Brevo transactional e-mail API (https://developers.brevo.com/reference/sendtransacemail). */
export function brevoMailer(apiKey: string, fetcher: typeof fetch = fetch, endpoint = 'https://api.brevo.com/v3/smtp/email'): Mailer {
  return {
    async send(email) {
      const response = await fetcher(endpoint, {
        method: 'POST',
        headers: { 'api-key': apiKey, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          sender: email.from,
          to: [{ email: email.to.email, ...(email.to.name ? { name: email.to.name } : {}) }],
          replyTo: { email: email.replyTo },
          subject: email.subject,
          htmlContent: email.html,
          textContent: email.text,
          headers: { ...email.headers, 'Message-ID': messageId(email), 'X-Mailin-custom': `job:${email.id}` },
          ...(email.attachments?.length ? { attachment: email.attachments.map((a) => ({ name: a.filename, content: base64(a.content) })) } : {}),
        }),
      });
      if (!response.ok) throw new Error(`Brevo ${response.status}: ${(await response.text()).slice(0, 200)}`);
    },
  };
}
