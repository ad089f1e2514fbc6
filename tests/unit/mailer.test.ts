// Delivery adapters: SMTP through nodemailer against a real SMTP server started here
// (smtp-server), the .eml outbox, and the Brevo HTTP API request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { fixture, DAY } from '../shared/automation-fixture';
import { outboxMailer, smtpMailer } from '../../src/automation/mailer-node';
import { brevoMailer, type OutgoingEmail } from '../../src/automation/mailer';

const received: { from: string; to: string[]; raw: string }[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const T0 = new Date('2026-12-01T08:30:00Z');

/** The first welcome e-mail of a real lead, rendered by the engine. */
async function firstWelcomeEmail(): Promise<OutgoingEmail> {
  const f = await fixture();
  await f.submit(T0, { email: 'nadia@example.org', firstName: 'Nadia' }, 'guide', { training: 'cap-maintenance-vehicules' });
  await f.automation.tick(T0);
  return f.mailer.sent[0]!;
}

describe('SMTP delivery (nodemailer → smtp-server)', () => {
  it('delivers a multipart e-mail with both parts, the List-Unsubscribe headers and the unsubscribe link', async () => {
    const email = await firstWelcomeEmail();
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`);
    await mailer.send(email);
    mailer.close();
    const [message] = received;
    expect(message!.from).toBe('bonjour@mecaformation.fr');
    expect(message!.to).toEqual(['nadia@example.org']);
    const parsed = await simpleParser(message!.raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.messageId).toBe(`<${email.id}@mecaformation.fr>`);
    expect(parsed.from?.value[0]).toMatchObject({ name: 'MécaFormation', address: 'bonjour@mecaformation.fr' });
    expect(parsed.replyTo?.value[0]?.address).toBe('conseil@mecaformation.fr');
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.text).toContain('Bonjour Nadia,');
    expect(parsed.html).toContain('Bonjour Nadia,');
    const head = message!.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const unsubscribe = /^List-Unsubscribe: <(https:\/\/www\.mecaformation\.fr\/api\/unsubscribe\/[\w.-]+)>$/m.exec(head)?.[1];
    expect(unsubscribe).toBeTruthy();
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(parsed.html).toContain(`href="${unsubscribe}"`);
    expect(parsed.text).toContain(unsubscribe);
  });

  it('throws when the server refuses, so that the engine retries', async () => {
    const mailer = smtpMailer('smtp://127.0.0.1:1');
    await expect(mailer.send(await firstWelcomeEmail())).rejects.toThrow();
    mailer.close();
  });
});

describe('outbox (.eml files)', () => {
  it('writes one .eml per e-mail, named after the job: a retry overwrites, never duplicates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const email = await firstWelcomeEmail();
    const mailer = outboxMailer(dir);
    await mailer.send(email);
    await mailer.send(email);
    expect(readdirSync(dir)).toEqual([`${email.id}.eml`]);
    const parsed = await simpleParser(readFileSync(join(dir, `${email.id}.eml`)));
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text).toContain('Bonjour Nadia,');
    expect(parsed.html).toContain('Bonjour Nadia,');
  });
});

describe('Brevo HTTP API', () => {
  it('posts the message with both parts and headers, and throws on an error status', async () => {
    const email = await firstWelcomeEmail();
    const calls: { url: string; init: RequestInit }[] = [];
    const ok = brevoMailer('key-1', (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"messageId":"x"}', { status: 201 });
    }) as typeof fetch);
    await ok.send(email);
    const body = JSON.parse(String(calls[0]!.init.body));
    expect(calls[0]!.url).toBe('https://api.brevo.com/v3/smtp/email');
    expect((calls[0]!.init.headers as Record<string, string>)['api-key']).toBe('key-1');
    expect(body).toMatchObject({ sender: { email: 'bonjour@mecaformation.fr' }, to: [{ email: 'nadia@example.org' }], subject: email.subject });
    expect(body.textContent).toContain('Bonjour Nadia,');
    expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const failing = brevoMailer('key-1', (async () => new Response('{"code":"unauthorized"}', { status: 401 })) as unknown as typeof fetch);
    await expect(failing.send(email)).rejects.toThrow(/Brevo 401/);
  });

  it('an e-mail is never lost: failures are retried, then marked failed and kept', async () => {
    const f = await fixture();
    f.mailer.failNext = 100;
    await f.submit(T0, { email: 'perdu@example.org' }, 'guide');
    for (let t = T0.getTime(); t < T0.getTime() + DAY; t += 60_000) await f.automation.tick(new Date(t));
    const [job] = (await f.automation.jobs()).filter((j) => j.template === 'welcome/01-guide');
    expect(job).toMatchObject({ status: 'failed', attempts: 6 });
    expect(String(job!.outcome)).toContain('SMTP 451');
  });
});
