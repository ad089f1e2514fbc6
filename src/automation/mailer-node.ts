// Node mailers: SMTP (nodemailer) when SMTP_URL is set, otherwise one .eml file per e-mail in an
// outbox folder. The .eml is built by nodemailer too (stream transport), so both paths produce the
// same MIME message: multipart/alternative with the text and HTML parts and the
// List-Unsubscribe headers.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { messageId, type Mailer, type OutgoingEmail } from './mailer';

function message(email: OutgoingEmail) {
  return {
    from: { name: email.from.name, address: email.from.email },
    to: email.to.name ? { name: email.to.name, address: email.to.email } : email.to.email,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: email.headers,
    messageId: messageId(email),
    // A calendar invitation goes as an attachment and as the text/calendar alternative that mail
    // clients show as an event (nodemailer's icalEvent).
    attachments: (email.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    ...(email.attachments?.find((a) => a.method) ? { icalEvent: { method: email.attachments.find((a) => a.method)!.method, content: email.attachments.find((a) => a.method)!.content } } : {}),
  };
}

export function smtpMailer(url: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(url);
  return {
    async send(email) {
      await transport.sendMail(message(email));
    },
    close: () => transport.close(),
  };
}

/** Writes <outbox>/<job id>.eml atomically (temp file + rename): a retry overwrites, never duplicates. */
export function outboxMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  mkdirSync(dir, { recursive: true });
  return {
    async send(email) {
      const info = await transport.sendMail(message(email));
      const file = join(dir, `${email.id}.eml`);
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
    },
  };
}

export function nodeMailer(env: NodeJS.ProcessEnv = process.env): Mailer {
  return env.SMTP_URL ? smtpMailer(env.SMTP_URL) : outboxMailer(env.OUTBOX_DIR ?? '.data/outbox');
}
