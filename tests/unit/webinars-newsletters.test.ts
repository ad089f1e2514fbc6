// Webinar seats when the school moves or cancels a session, the monthly newsletter of last
// month's articles, Paris wall-clock times, the calendar view and the webinar JSON-LD states.
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { DAY, fixture, rules as contentRules } from '../shared/automation-fixture';
import { createAutomation } from '../../src/automation/engine';
import { webinarDateText, webinarIcs, isOpenForRegistration, isPast, type WebinarInfo } from '../../src/marketing/webinars';
import { webinarLd } from '../../src/seo/jsonld';
import { zonedTime, zonedMonth, previousMonth, monthName } from '../../src/lib/zoned';
import { agenda, scheduledArticles } from '../../src/lib/agenda';
import { articlesOfMonth } from '../../src/automation/broadcasts';

const T0 = new Date('2026-12-01T08:30:00Z');
const session: WebinarInfo = {
  slug: 'session-test',
  title: 'Session de test',
  description: 'Une session pour tester les changements de date.',
  startsAt: '2026-12-10T17:30:00.000Z',
  durationMinutes: 60,
  capacity: 10,
  status: 'prevu',
  previousStartsAt: null,
  joinUrl: 'https://visio.example/test',
  replayUrl: null,
  speaker: { name: 'Équipe', role: 'Formateurs' },
};
const withWebinar = (w: WebinarInfo) => ({ ...contentRules, webinars: [...contentRules.webinars, w.slug], webinarEvents: [...contentRules.webinarEvents, w] });

describe('webinar seats when the school changes the session', () => {
  it('a new date sends an update with the next calendar SEQUENCE and new reminders; the old ones are dropped', async () => {
    const f = await fixture(undefined, { rules: withWebinar(session) });
    const id = await f.submit(T0, { email: 'anna@example.org', firstName: 'Anna' }, 'newsletter', { consentMarketing: false });
    const seat = await f.automation.seats.register(id, session.slug, T0, 'req-1');
    expect(seat.status).toBe('registered');
    await f.run(T0, new Date(T0.getTime() + 60 * 60_000), 30);
    // The school moves the session by a week (the engine reads the new content at its next start).
    const moved: WebinarInfo = { ...session, startsAt: '2026-12-17T17:30:00.000Z', status: 'reporte', previousStartsAt: session.startsAt };
    const again = createAutomation({ db: f.driver, rules: withWebinar(moved), mailer: f.mailer, siteUrl: 'https://www.mecaformation.fr', secret: 'test-secret' });
    f.mailer.clock = () => new Date(T0.getTime() + 2 * 3_600_000);
    await again.tick(new Date(T0.getTime() + 2 * 3_600_000));
    const update = f.mailer.sent.find((m) => m.subject.startsWith('Nouvelle date'))!;
    expect(update.text).toContain(webinarDateText(moved));
    expect(update.text).toContain(`au lieu de ${webinarDateText(session)}`);
    const vevent = new ICAL.Component(ICAL.parse(update.attachments![0]!.content)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect(new ICAL.Event(vevent).startDate.toJSDate().toISOString()).toBe(moved.startsAt);
    // Reminders: none at the old date, one the day before and one an hour before the new one.
    for (let t = new Date('2026-12-09T17:00:00Z').getTime(); t <= new Date('2026-12-17T17:00:00Z').getTime(); t += 3_600_000) await again.tick(new Date(t));
    const reminders = f.mailer.sent.filter((m) => /^(Demain|Dans une heure)/.test(m.subject));
    expect(reminders).toHaveLength(2);
    expect(reminders.every((m) => m.text.includes(webinarDateText(moved)))).toBe(true);
  });

  it('a cancelled session sends each registrant a cancellation (METHOD:CANCEL) and no reminder', async () => {
    const f = await fixture(undefined, { rules: withWebinar(session) });
    const id = await f.submit(T0, { email: 'bob@example.org', firstName: 'Bob' }, 'newsletter', { consentMarketing: false });
    await f.automation.seats.register(id, session.slug, T0, 'req-1');
    const cancelled = createAutomation({ db: f.driver, rules: withWebinar({ ...session, status: 'annule' }), mailer: f.mailer, siteUrl: 'https://www.mecaformation.fr', secret: 'test-secret' });
    for (let t = T0.getTime() + 60_000; t <= new Date(session.startsAt).getTime(); t += 6 * 3_600_000) await cancelled.tick(new Date(t));
    const cancel = f.mailer.sent.find((m) => m.subject.startsWith('Webinaire annulé'))!;
    const calendar = new ICAL.Component(ICAL.parse(cancel.attachments![0]!.content));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(f.mailer.sent.filter((m) => /^(Demain|Dans une heure)/.test(m.subject))).toHaveLength(0);
    expect(f.mailer.sent.filter((m) => m.subject.startsWith('Webinaire annulé'))).toHaveLength(1);
  });

  it('attendance recorded by the team scores once (lead-scoring.yaml webinar-attended)', async () => {
    const f = await fixture(undefined, { rules: withWebinar(session) });
    const id = await f.submit(T0, { email: 'chloe@example.org', firstName: 'Chloé' }, 'newsletter', { consentMarketing: false });
    await f.automation.seats.register(id, session.slug, T0, 'req-1');
    const before = (await f.store.findLeadById(id))!.score;
    expect(await f.automation.seats.attendance(session.slug, id, true, new Date('2026-12-10T19:00:00Z'))).toBe(true);
    expect(await f.automation.seats.attendance(session.slug, id, true, new Date('2026-12-10T19:05:00Z'))).toBe(true);
    expect((await f.store.findLeadById(id))!.score).toBe(before + 10);
    expect(await f.automation.seats.attendance(session.slug, id, false, new Date('2026-12-10T19:10:00Z'))).toBe(true);
    expect((await f.store.findLeadById(id))!.score).toBe(before);
  });
});

describe('the monthly newsletter', () => {
  it('on the 1st at 10:00 Paris, the list members get last month’s published articles, once; skipped in a month without articles', async () => {
    const f = await fixture();
    const id = await f.submit(T0, { email: 'lise@example.org', firstName: 'Lise' }, 'newsletter', { consentMarketing: false });
    await f.driver.batch([{ sql: "INSERT INTO list_members (list, lead_id, status, created_at, confirmed_at) VALUES ('newsletter', ?, 'active', ?, ?)", params: [id, T0.toISOString(), T0.toISOString()] }]);
    await f.run(new Date('2026-12-01T08:00:00Z'), new Date('2026-12-02T08:00:00Z'), 60);
    const letters = f.mailer.sent.filter((m) => m.subject.startsWith('La lettre de MécaFormation'));
    expect(letters).toHaveLength(1);
    expect(letters[0]!.subject).toContain('novembre 2026');
    const november = articlesOfMonth(contentRules.articles, '2026-11');
    expect(november.length).toBeGreaterThan(0);
    for (const a of november) expect(letters[0]!.text).toContain(a.title);
    expect(letters[0]!.text).not.toContain('Primo-arrivant : mode d’emploi'); // a December article
    expect(letters[0]!.headers['List-Unsubscribe']).toBeTruthy();
    // Not a second time the same month.
    await f.run(new Date('2026-12-02T08:00:00Z'), new Date('2026-12-05T08:00:00Z'), 240);
    expect(f.mailer.sent.filter((m) => m.subject.startsWith('La lettre de MécaFormation'))).toHaveLength(1);
  });
});

describe('Paris wall-clock times, the calendar, the webinar states', () => {
  it('converts Paris times in winter and summer', () => {
    expect(zonedTime(2026, 12, 1, '10:00').toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(zonedTime(2027, 7, 1, '10:00').toISOString()).toBe('2027-07-01T08:00:00.000Z');
    expect(zonedMonth(new Date('2026-11-30T23:30:00Z')).key).toBe('2026-12');
    expect(previousMonth(2027, 1).key).toBe('2026-12');
    expect(monthName(2026, 11)).toBe('novembre 2026');
  });

  it('lists the coming weeks and warns when no article is scheduled', () => {
    const items = agenda(contentRules, new Date('2026-12-01T06:00:00Z'), 21);
    expect(items.map((i) => i.type)).toEqual(expect.arrayContaining(['article', 'webinaire', 'envoi', 'lettre mensuelle']));
    expect(items.map((i) => i.at.getTime())).toEqual([...items.map((i) => i.at.getTime())].sort((a, b) => a - b));
    expect(scheduledArticles(contentRules.articles, new Date('2026-12-01T06:00:00Z'), 14).length).toBeGreaterThan(0);
    expect(scheduledArticles(contentRules.articles, new Date('2030-01-01T06:00:00Z'), 14)).toEqual([]);
  });

  it('registration closes when a session starts or is cancelled; its page becomes a replay after its end', () => {
    expect(isOpenForRegistration(session, new Date('2026-12-10T17:29:00Z'))).toBe(true);
    expect(isOpenForRegistration(session, new Date('2026-12-10T17:30:00Z'))).toBe(false);
    expect(isOpenForRegistration({ ...session, status: 'annule' }, T0)).toBe(false);
    expect(isPast(session, new Date('2026-12-10T18:29:00Z'))).toBe(false);
    expect(isPast(session, new Date('2026-12-10T18:30:00Z'))).toBe(true);
    expect(webinarDateText(session)).toBe('le jeudi 10 décembre 2026, de 18\u00a0h\u00a030 à 19\u00a0h\u00a030');
  });

  it('JSON-LD: an offer only while one can register; cancelled and rescheduled statuses; the previous date', () => {
    const facts = { name: 'W', description: 'D', path: '/webinaires/w/', image: '/og/w.png', start: new Date(session.startsAt), durationMinutes: 60 };
    const site = 'https://www.mecaformation.fr';
    expect(webinarLd(facts, site)).toMatchObject({ eventStatus: 'https://schema.org/EventScheduled', offers: { availability: 'https://schema.org/InStock' } });
    expect(webinarLd({ ...facts, past: true }, site)).not.toHaveProperty('offers');
    expect(webinarLd({ ...facts, status: 'annule' }, site)).toMatchObject({ eventStatus: 'https://schema.org/EventCancelled' });
    expect(webinarLd({ ...facts, status: 'annule' }, site)).not.toHaveProperty('offers');
    expect(webinarLd({ ...facts, status: 'reporte', previousStart: new Date('2026-12-03T17:30:00Z') }, site)).toMatchObject({
      eventStatus: 'https://schema.org/EventRescheduled',
      previousStartDate: '2026-12-03T17:30:00.000Z',
    });
  });

  it('an .ics for the page (PUBLISH) parses, in UTC', () => {
    const ics = webinarIcs(session, { method: 'PUBLISH', sequence: 0, siteUrl: 'https://www.mecaformation.fr', joinUrl: null, organizer: { name: 'MécaFormation', email: 'bonjour@mecaformation.fr' } });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(session.startsAt);
    expect(event.location).toBe('https://www.mecaformation.fr/webinaires/session-test/');
    expect(ics).toMatch(/\r\n/);
  });
});
