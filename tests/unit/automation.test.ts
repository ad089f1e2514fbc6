// The automation engine with a simulated clock: sequences, stops, caps, callbacks, concurrency,
// unsubscribe and erasure, retries, engagement scoring and the Email_Subject test.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, fixture, rules } from '../shared/automation-fixture';
import { createAutomation } from '../../src/automation/engine';
import { signLead, verifyLead } from '../../src/edge/signing';
import { openSqliteStore } from '../../src/edge/store/sqlite';
import { callbackDueAt } from '../../src/marketing/business-hours';
import { RecordingMailer } from '../shared/automation-fixture';
import { emailHash } from '../../src/edge/app';

const T0 = new Date('2026-12-01T08:30:00Z'); // a Tuesday

/** Marketing e-mails only (they carry the one-click unsubscribe): the acknowledgements are never capped. */
const marketing = <T extends { headers: Record<string, string> }>(sent: T[]) => sent.filter((m) => m.headers['List-Unsubscribe']);

describe('welcome sequence', () => {
  it('sends exactly the four welcome e-mails at days 1, 3, 7 and 14, personalised', async () => {
    const f = await fixture();
    await f.submit(T0, { email: 'camille@example.org', firstName: 'Camille' }, 'guide', { training: 'cap-maintenance-vehicules' });
    await f.run(T0, new Date(T0.getTime() + 40 * DAY));
    const toLead = f.mailer.sent.filter((m) => m.to.email === 'camille@example.org');
    expect(toLead.map((m) => Math.round((m.at - T0.getTime()) / DAY) + 1)).toEqual([1, 3, 7, 14]);
    expect(toLead.map((m) => m.subject)).toHaveLength(4);
    for (const m of toLead) {
      expect(m.text).toContain('Bonjour Camille,');
      expect(m.html).toContain('Bonjour Camille,');
      expect(m.html).not.toMatch(/\{\{|\}\}/);
      expect(m.headers['List-Unsubscribe']).toMatch(/^<https:\/\/www\.mecaformation\.fr\/api\/unsubscribe\/[0-9a-f-]{36}\.[\w-]{32}>$/);
      expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }
    // « The right training »: the one the lead asked about, by its title.
    expect(toLead[3]!.text).toContain(`sur ${rules.trainingTitles['cap-maintenance-vehicules']}`);
    // A second download of the guide does not restart the sequence.
    await f.submit(new Date(T0.getTime() + 41 * DAY), { email: 'camille@example.org' }, 'guide');
    await f.run(new Date(T0.getTime() + 41 * DAY), new Date(T0.getTime() + 60 * DAY), 240);
    expect(f.mailer.sent.filter((m) => m.to.email === 'camille@example.org' && m.subject === toLead[0]!.subject)).toHaveLength(1);
  });

  it('stops when the lead enrols, then sends the enrolment reminders until completion', async () => {
    const f = await fixture();
    const id = await f.submit(T0, { email: 'sam@example.org', firstName: 'Sam' });
    await f.run(T0, new Date(T0.getTime() + 4 * DAY));
    expect(f.mailer.sent).toHaveLength(2); // days 1 and 3
    await f.submit(new Date(T0.getTime() + 4 * DAY), { email: 'sam@example.org' }, 'enrolment');
    await f.run(new Date(T0.getTime() + 4 * DAY), new Date(T0.getTime() + 8 * DAY));
    // The enrolment request is acknowledged at once; day 7 of the welcome sequence is cancelled;
    // reminders at +24 h and +72 h went out.
    expect(f.mailer.sent[2]!.subject).toBe(rules.emails.find((t) => t.key === 'transactional/inscription-recue')!.subject);
    const subjects = marketing(f.mailer.sent).map((m) => m.subject);
    expect(subjects.slice(2)).toEqual(rules.emails.filter((t) => t.folder === 'abandoned-enrolment').slice(0, 2).map((t) => t.subject));
    await f.automation.completeEnrolment(id, new Date(T0.getTime() + 8 * DAY));
    await f.run(new Date(T0.getTime() + 8 * DAY), new Date(T0.getTime() + 30 * DAY), 240);
    expect(marketing(f.mailer.sent)).toHaveLength(4);
    const jobs = await f.automation.jobs(id);
    expect(jobs.find((j) => j.template === 'welcome/07-offre')?.outcome).toBe('stopped:enrolment');
    expect(jobs.find((j) => j.template === 'abandoned-enrolment/03-dossier')?.outcome).toBe('enrolment-completed');
  });

  it('sends a lead without marketing consent the guide it asked for, and nothing else', async () => {
    const f = await fixture();
    await f.submit(T0, { email: 'no@example.org' }, 'guide', { consentMarketing: false });
    await f.run(T0, new Date(T0.getTime() + 20 * DAY), 240);
    expect(f.mailer.sent.map((m) => m.subject)).toEqual([rules.emails.find((t) => t.key === 'transactional/guide')!.subject]);
    expect(f.mailer.sent[0]!.text).toMatch(/https:\/\/www\.mecaformation\.fr\/guide\/[\w-]+\.pdf/);
    expect(marketing(f.mailer.sent)).toHaveLength(0);
  });
});

describe('segments and caps', () => {
  const profiles = {
    'primo-arrivants': { situation: 'first-job', ageBracket: '18-25' },
    reconversion: { situation: 'employee-other-sector', ageBracket: '31-45' },
    garages: { situation: 'company', companySize: '4-8', company: 'Garage du Centre' },
  } as const;

  it('never sends more than the segment cap in any rolling window over a simulated month', async () => {
    const f = await fixture();
    const ids: Record<string, string> = {};
    for (const [segment, profile] of Object.entries(profiles)) {
      ids[segment] = await f.submit(T0, { email: `${segment}@example.org`, ...profile }, 'guide', { consentTracking: true });
      // Everything at once: the pricing page (offer), an abandoned enrolment (3 reminders).
      await f.automation.onSiteEvent(ids[segment]!, { type: 'page-view', path: '/tarifs-financement/' }, new Date(T0.getTime() + HOUR));
      await f.submit(new Date(T0.getTime() + 2 * HOUR), { email: `${segment}@example.org` }, 'enrolment');
    }
    await f.run(T0, new Date(T0.getTime() + 60 * DAY), 120);
    for (const segment of Object.keys(profiles)) {
      const cap = rules.marketing.segments.find((s) => s.key === segment)!.frequencyCap;
      const times = marketing(f.mailer.sent).filter((m) => m.to.email === `${segment}@example.org`).map((m) => m.at);
      expect(times.length, segment).toBeGreaterThan(1);
      for (const t of times) {
        const inWindow = times.filter((u) => u > t - cap.perDays * DAY && u <= t).length;
        expect(inWindow, `${segment} at ${new Date(t).toISOString()}`).toBeLessThanOrEqual(cap.maxEmails);
      }
      // The pricing-page offer went out once, deferred by the cap, never dropped.
      expect(f.mailer.sent.filter((m) => m.to.email === `${segment}@example.org` && m.subject === rules.emails.find((e) => e.folder === 'pricing-offer')!.subject)).toHaveLength(1);
    }
  });

  it('sends segment messages only to their segment (an engaged garage lead)', async () => {
    const f = await fixture();
    const id = await f.submit(T0, { email: 'garage@example.org', ...profiles.garages }, 'guide');
    // The lead clicks now and then: it stays out of « inactifs ».
    for (let d = 0; d < 90; d += 10) {
      await f.automation.recordEngagement(id, 'email-click', new Date(T0.getTime() + d * DAY));
      await f.run(new Date(T0.getTime() + d * DAY), new Date(T0.getTime() + (d + 10) * DAY - 1), 240);
    }
    const jobs = await f.automation.jobs();
    const sent = jobs.filter((j) => j.status === 'sent').map((j) => j.template);
    expect(sent).toEqual(expect.arrayContaining(['segments/21-garages', 'segments/35-garages']));
    expect(jobs.filter((j) => /primo|reconversion|inactifs/.test(String(j.template))).map((j) => j.outcome)).toEqual(Array(4).fill('segment:garages'));
    // 1 e-mail per 14 days: the 6 sequence e-mails and the broadcasts to garages took 70 days at least.
    const times = marketing(f.mailer.sent).map((m) => m.at).sort();
    expect(times.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(14 * DAY);
  });

  it('a lead that neither opens nor clicks for 30 days becomes « inactifs »: one reactivation a month, until it engages again', async () => {
    const f = await fixture();
    const id = await f.submit(T0, { email: 'silence@example.org', ...profiles['primo-arrivants'] }, 'guide');
    await f.run(T0, new Date(T0.getTime() + 85 * DAY), 240);
    const jobs = await f.automation.jobs(id);
    expect(jobs.find((j) => j.template === 'segments/35-primo-arrivants')?.outcome).toBe('segment:inactifs');
    // The 15th of each month once it is inactive (30 days without an open or a click): January and
    // February 2027, each sent when the segment's cap (1 per 30 days) allows.
    const reactivations = jobs.filter((j) => j.template === 'inactive-reactivation/mensuel');
    expect(reactivations.map((j) => [j.workflow, j.status])).toEqual([
      ['inactive-reactivation:2027-01', 'sent'],
      ['inactive-reactivation:2027-02', 'sent'],
    ]);
    // A click: out of « inactifs », no March reactivation.
    await f.automation.recordEngagement(id, 'email-click', new Date(T0.getTime() + 85 * DAY));
    await f.run(new Date(T0.getTime() + 85 * DAY), new Date(T0.getTime() + 115 * DAY), 240);
    expect((await f.automation.jobs(id)).filter((j) => j.template === 'inactive-reactivation/mensuel')).toHaveLength(2);
  });
});

describe('callback requests', () => {
  it('creates a callback task due at the right business hour and notifies the sales team', async () => {
    const hours = rules.marketing.automation.businessHours;
    // Friday 17:00 in Paris (16:00 UTC in winter): +24 h is Saturday → Monday 09:00 Paris.
    expect(callbackDueAt(new Date('2026-12-04T16:00:00Z'), 24, hours).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Tuesday 10:00 Paris → Wednesday 10:00 Paris.
    expect(callbackDueAt(new Date('2026-12-01T09:00:00Z'), 24, hours).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    // Monday 20:00 Paris (closed) → +24 h is Tuesday 20:00 → Wednesday 09:00.
    expect(callbackDueAt(new Date('2026-11-30T19:00:00Z'), 24, hours).toISOString()).toBe('2026-12-02T08:00:00.000Z');
    // Summer time: Thursday 2026-07-02 10:00 Paris (08:00 UTC) → Friday 10:00 Paris = 08:00 UTC.
    expect(callbackDueAt(new Date('2026-07-02T08:00:00Z'), 24, hours).toISOString()).toBe('2026-07-03T08:00:00.000Z');

    const f = await fixture();
    const at = new Date('2026-12-04T16:00:00Z');
    await f.submit(at, { email: 'rappel@example.org', firstName: 'Lou', phone: '+33612345678' }, 'callback', { consentMarketing: false });
    await f.run(at, new Date(at.getTime() + HOUR), 5);
    const [note] = f.mailer.sent;
    expect(note?.to.email).toBe(rules.marketing.automation.salesNotification.to);
    expect(note?.text).toContain('+33612345678');
    expect(note?.text).toMatch(/lundi 7 décembre 2026/);
    expect(note?.text).toContain('Score\u202f: ');
    expect(note?.text).not.toMatch(/\((cold|warm|hot)\)/); // the temperature in French (« Lead froid »)
    let [task] = await f.automation.tasks();
    expect(task).toMatchObject({ status: 'open', due_at: '2026-12-07T08:00:00.000Z' });
    await f.run(new Date('2026-12-07T08:05:00Z'), new Date('2026-12-07T08:05:00Z'));
    [task] = await f.automation.tasks();
    expect(task?.status).toBe('overdue');
    expect(await f.automation.completeTask(String(task!.id), new Date('2026-12-07T09:00:00Z'))).toBe(true);
  });
});

describe('exactly once', () => {
  it('two concurrent ticks on two connections send each e-mail once', async () => {
    // Small batches, slow deliveries: the ticks interleave at every send.
    const small = { ...rules, marketing: { ...rules.marketing, automation: { ...rules.marketing.automation, delivery: { ...rules.marketing.automation.delivery, batchSize: 4 } } } };
    const f = await fixture(undefined, { rules: small });
    const second = await openSqliteStore(f.file);
    const mailer2 = new RecordingMailer();
    const other = createAutomation({ db: second.driver, rules: small, mailer: mailer2, siteUrl: 'https://www.mecaformation.fr', secret: 'test-secret' });
    f.mailer.delayMs = 2;
    mailer2.delayMs = 2;
    for (let i = 0; i < 30; i++) await f.submit(T0, { email: `lead${i}@example.org` }, 'guide');
    for (let t = T0.getTime(); t <= T0.getTime() + 15 * DAY; t += 6 * HOUR) {
      await Promise.all([f.automation.tick(new Date(t)), other.tick(new Date(t)), f.automation.tick(new Date(t))]);
    }
    const all = [...f.mailer.sent, ...mailer2.sent];
    expect(all).toHaveLength(30 * 4);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    expect(mailer2.sent.length).toBeGreaterThan(0);
  });

  it('retries a failed delivery with backoff and sends it once', async () => {
    const f = await fixture();
    f.mailer.failNext = 2;
    await f.submit(T0, { email: 'retry@example.org' }, 'guide');
    await f.automation.tick(T0);
    await f.automation.tick(new Date(T0.getTime() + 30_000)); // before the 1-minute backoff
    expect(f.mailer.sent).toHaveLength(0);
    await f.automation.tick(new Date(T0.getTime() + 61_000)); // second failure, next try in 5 min
    await f.automation.tick(new Date(T0.getTime() + 7 * 60_000));
    expect(f.mailer.sent).toHaveLength(1);
    const [job] = (await f.automation.jobs()).filter((j) => j.template === 'welcome/01-guide');
    expect(job).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('unsubscribe and erasure', () => {
  it('an unsubscribed lead gets nothing more', async () => {
    const f = await fixture();
    const id = await f.submit(T0, { email: 'stop@example.org' });
    await f.run(T0, new Date(T0.getTime() + DAY));
    expect(f.mailer.sent).toHaveLength(1);
    await f.automation.unsubscribe(id, new Date(T0.getTime() + DAY), 'test');
    await f.run(new Date(T0.getTime() + DAY), new Date(T0.getTime() + 50 * DAY), 240);
    expect(f.mailer.sent).toHaveLength(1);
  });

  it('an erased lead gets nothing more', async () => {
    const f = await fixture();
    await f.submit(T0, { email: 'gone@example.org' });
    await f.run(T0, new Date(T0.getTime() + DAY));
    await f.store.eraseLead('gone@example.org', await emailHash('gone@example.org'), new Date(T0.getTime() + DAY).toISOString());
    await f.run(new Date(T0.getTime() + DAY), new Date(T0.getTime() + 50 * DAY), 240);
    expect(f.mailer.sent).toHaveLength(1);
    expect(await f.automation.jobs()).toHaveLength(0);
  });

  it('a suppressed address is never sent to, even with pending jobs', async () => {
    const f = await fixture();
    await f.submit(T0, { email: 'supp@example.org' });
    await f.driver.batch([{ sql: "INSERT INTO suppression (email_hash, reason, created_at) VALUES (?, 'erasure', ?)", params: [await emailHash('supp@example.org'), T0.toISOString()] }]);
    await f.run(T0, new Date(T0.getTime() + 20 * DAY), 240);
    expect(f.mailer.sent).toHaveLength(0);
  });
});

describe('engagement', () => {
  it('a click raises the score; opens count only with tracking consent; variants are counted', async () => {
    const f = await fixture();
    const tracked = await f.submit(T0, { email: 'open@example.org' }, 'guide', { consentTracking: true });
    await f.submit(T0, { email: 'closed@example.org' }, 'guide', { consentTracking: false });
    await f.run(T0, new Date(T0.getTime() + 7 * DAY));
    // The third e-mail of each lead: welcome/07-offre, the one with the Email_Subject test.
    const offerTo = (to: string) => f.mailer.sent.filter((m) => m.to.email === to)[2]!;
    const pixel = /<img src="https:\/\/www\.mecaformation\.fr\/api\/o\/([\w-]+)"/.exec(offerTo('open@example.org').html)?.[1];
    expect(pixel).toBeTruthy();
    expect(offerTo('closed@example.org').html).not.toContain('/api/o/');

    const before = (await f.automation.rescore(tracked, new Date(T0.getTime() + 7 * DAY)))!.score;
    expect(await f.automation.open(pixel!, new Date(T0.getTime() + 7 * DAY))).toBe(true);
    const link = /https:\/\/www\.mecaformation\.fr\/r\/([\w-]+)/.exec(offerTo('open@example.org').html)![1]!;
    const hit = await f.automation.click(link, new Date(T0.getTime() + 7 * DAY));
    expect(hit?.url).toMatch(/^https:\/\/www\.mecaformation\.fr\//);
    const after = (await f.driver.all<{ score: number; temperature: string }>('SELECT score, temperature FROM leads WHERE id = ?', [tracked]))[0]!;
    expect(Number(after.score)).toBe(before + 2 + 5);

    const stats = await f.automation.experimentStats();
    const offer = stats.filter((s) => s.template === 'welcome/07-offre');
    expect(offer.reduce((n, s) => n + s.sent, 0)).toBe(2);
    expect(offer.reduce((n, s) => n + s.opened, 0)).toBe(1);
    expect(offer.reduce((n, s) => n + s.clicked, 0)).toBe(1);
    const variants = rules.marketing.experiments.find((e) => e.key === 'email-subject')!.variants.map((v) => v.text);
    expect(variants).toContain(offerTo('open@example.org').subject);
  });

  it('site behaviour: the pricing page sends one special offer, never twice', async () => {
    const f = await fixture();
    const id = await f.submit(T0, { email: 'prix@example.org' }, 'newsletter', { consentTracking: true });
    for (let i = 0; i < 3; i++) await f.automation.onSiteEvent(id, { type: 'page-view', path: '/tarifs-financement/' }, new Date(T0.getTime() + i * DAY));
    await f.run(T0, new Date(T0.getTime() + 10 * DAY), 240);
    expect(f.mailer.sent).toHaveLength(1);
    const [row] = await f.driver.all<{ score: number }>('SELECT score FROM leads WHERE id = ?', [id]);
    expect(Number(row!.score)).toBe(45); // three visits of the pricing page, +15 each
  });

  it('signed tokens: unsubscribe and identification tokens do not cross', async () => {
    const token = await signLead('s', 'unsubscribe', '00000000-0000-4000-8000-000000000000');
    expect(await verifyLead('s', 'unsubscribe', token)).toBe('00000000-0000-4000-8000-000000000000');
    expect(await verifyLead('s', 'identify', token)).toBeNull();
    expect(await verifyLead('other', 'unsubscribe', token)).toBeNull();
  });
});
