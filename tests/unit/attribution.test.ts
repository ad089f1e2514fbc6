// Paid search attribution: the touches of a lead (first and last non-direct), the landing request's
// attribution written into the forms by the edge, and Google Ads' click-conversion import file.
import { describe, expect, it } from 'vitest';
import { EDGE_ATTRIBUTION_FIELDS, flattenTouches, isNonDirect, landingAttribution, mergeTouches, parseTouch, touchMedium, touchOf, touchSource, TOUCH_COLUMNS, type Touch } from '../../src/marketing/attribution';
import { escapeAttribute, fillLandingAttribution } from '../../src/edge/landing-attribution';
import { adsConversions, adsConversionsCsv, type ConversionEnrolmentRow } from '../../src/marketing/ads-conversions';

const T1 = '2026-11-02T09:15:00.000Z';
const T2 = '2026-11-05T17:40:00.000Z';
const T3 = '2026-11-09T08:00:00.000Z';
const ads = touchOf({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid: 'TeSt123', entryPage: '/formation-primo-arrivant-890-euros/', landingPage: '/formation-primo-arrivant-890-euros/' }, T1);
const direct = touchOf({ landingPage: '/contact/', entryPage: '/contact/' }, T2);
const newsletter = touchOf({ utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'decembre', landingPage: '/formations/' }, T3);

describe('touches: first and last non-direct', () => {
  it('reads a touch from attribution fields: the referral code and unknown keys stay out, an own-site referrer is not a source', () => {
    expect(touchOf({ utm_source: 'google', ref: 'AMI42', website: 'x', entryPage: '/a/' }, T1)).toEqual({ at: T1, utm_source: 'google', entryPage: '/a/' });
    expect(touchOf({ referrer: 'https://www.mecaformation.fr/blog/' }, T1, ['mecaformation.fr'])).toEqual({ at: T1 });
    expect(touchOf({ referrer: 'https://www.qwant.com/' }, T1, ['mecaformation.fr'])).toEqual({ at: T1, referrer: 'https://www.qwant.com/' });
    expect(touchOf({ referrer: 'javascript:alert(1)' }, T1)).toEqual({ at: T1 });
  });

  it('a touch is non-direct with a utm_source, a Google Ads click id (gclid, gbraid, wbraid) or a referrer', () => {
    expect(isNonDirect(ads)).toBe(true);
    expect(isNonDirect({ at: T1, gbraid: 'x' })).toBe(true);
    expect(isNonDirect({ at: T1, wbraid: 'x' })).toBe(true);
    expect(isNonDirect({ at: T1, referrer: 'https://www.qwant.com/' })).toBe(true);
    expect(isNonDirect(direct)).toBe(false);
    expect(isNonDirect({ at: T1, utm_campaign: 'sans-source' })).toBe(false);
  });

  it('a new lead: the first touch is its submission, direct or not; the last is the same touch only when it names a source', () => {
    expect(mergeTouches({ first: null, last: null }, ads)).toEqual({ first: ads, last: ads });
    expect(mergeTouches({ first: null, last: null }, direct)).toEqual({ first: direct, last: null });
  });

  it('the first touch is never overwritten; a later direct submission leaves the last one; a new source replaces it', () => {
    const afterDirect = mergeTouches({ first: ads, last: ads }, direct);
    expect(afterDirect).toEqual({ first: ads, last: ads });
    const afterNewsletter = mergeTouches(afterDirect, newsletter);
    expect(afterNewsletter).toEqual({ first: ads, last: newsletter });
    // A lead that came direct first: its first touch stays direct, the later ad becomes its last touch.
    expect(mergeTouches({ first: direct, last: null }, ads)).toEqual({ first: direct, last: ads });
  });

  it('the same source again (a second form in the same visit) keeps the time of the first', () => {
    const again = touchOf({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid: 'TeSt123', entryPage: '/formation-primo-arrivant-890-euros/', landingPage: '/merci/guide/' }, T2);
    const merged = mergeTouches({ first: ads, last: ads }, again);
    expect(merged.last).toBe(ads);
    // Another click (another gclid) is a new touch.
    expect(mergeTouches({ first: ads, last: ads }, { ...again, gclid: 'Autre456' }).last).toEqual({ ...again, gclid: 'Autre456' });
  });

  it('source and medium as the team reads them: a click id without UTM is google / cpc, a referrer is its host / referral', () => {
    expect([touchSource(ads), touchMedium(ads)]).toEqual(['google', 'cpc']);
    expect([touchSource({ at: T1, gclid: 'x' }), touchMedium({ at: T1, gclid: 'x' })]).toEqual(['google', 'cpc']);
    expect([touchSource({ at: T1, referrer: 'https://www.qwant.com/?q=cap' }), touchMedium({ at: T1, referrer: 'https://www.qwant.com/' })]).toEqual(['qwant.com', 'referral']);
    expect([touchSource(direct), touchMedium(direct)]).toEqual(['(direct)', null]);
    expect(touchSource(null)).toBe('(direct)');
  });

  it('reads a stored touch back, and nothing from a damaged one', () => {
    expect(parseTouch(JSON.stringify(ads))).toEqual(ads);
    expect(parseTouch(null)).toBeNull();
    expect(parseTouch('{not json')).toBeNull();
    expect(parseTouch('[1,2]')).toBeNull();
  });

  it('flattens both touches into columns for a CSV export', () => {
    const row = flattenTouches({ email: 'a@example.fr', firstTouch: ads, lastTouch: null });
    expect(row).toMatchObject({ email: 'a@example.fr', firstTouch_at: T1, firstTouch_source: 'google', firstTouch_gclid: 'TeSt123', firstTouch_utm_campaign: 'Primo_Arrivants', lastTouch_at: null, lastTouch_gclid: null });
    expect(row).not.toHaveProperty('firstTouch');
    expect(Object.keys(row).slice(1)).toEqual(TOUCH_COLUMNS);
  });
});

describe('the landing request’s attribution (edge, without JavaScript)', () => {
  const own = ['www.mecaformation.fr'];
  const url = (q: string) => new URL(`https://www.mecaformation.fr/formation-primo-arrivant-890-euros/${q}`);

  it('takes the campaign parameters and this page as the entry page', () => {
    expect(landingAttribution(url('?utm_source=google&utm_medium=cpc&utm_campaign=Primo_Arrivants&gclid=TeSt123&gbraid=gb1&wbraid=wb1&autre=x'), undefined, own)).toEqual({
      utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid: 'TeSt123', gbraid: 'gb1', wbraid: 'wb1', entryPage: '/formation-primo-arrivant-890-euros/',
    });
  });

  it('takes another site as referrer, never this site; nothing at all for a direct visit', () => {
    expect(landingAttribution(url(''), 'https://www.qwant.com/', own)).toEqual({ referrer: 'https://www.qwant.com/', entryPage: '/formation-primo-arrivant-890-euros/' });
    expect(landingAttribution(url(''), 'https://mecaformation.fr/blog/', own)).toBeNull();
    expect(landingAttribution(url(''), undefined, own)).toBeNull();
    expect(landingAttribution(url(''), 'android-app://com.google.android.gm/', own)).toBeNull();
  });

  it('bounds every value as the forms accept them and drops one with control characters', () => {
    const found = landingAttribution(url(`?utm_source=${'s'.repeat(300)}&utm_campaign=a%00b&utm_term=%E2%80%AEevil&utm_content=%20ok%20`), `https://example.org/${'p'.repeat(600)}`, own)!;
    expect(found.utm_source).toHaveLength(200);
    expect(found).not.toHaveProperty('utm_campaign');
    expect(found).not.toHaveProperty('utm_term');
    expect(found.utm_content).toBe('ok');
    expect(found).not.toHaveProperty('referrer');
  });

  it('fills the forms’ empty attribution fields, escaped; leaves the page alone without a source', () => {
    const page = '<form data-lead-form><input type="hidden" name="landingPage" value="/formation-primo-arrivant-890-euros/" data-attribution-slot></form>';
    const html = fillLandingAttribution(page.repeat(2), url('?utm_source=google&utm_campaign=%22%3E%3Cscript%3Ealert(1)%3C/script%3E%27&gclid=TeSt123'), undefined, own);
    expect(html.match(/name="gclid" value="TeSt123" data-attribution/g)).toHaveLength(2);
    expect(html).toContain('name="utm_campaign" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;" data-attribution');
    expect(html).not.toContain('<script>');
    expect(html).toContain('name="entryPage" value="/formation-primo-arrivant-890-euros/" data-attribution');
    // Every field of the edge's set, the missing ones empty (the form script keeps the whole set).
    expect(html.match(/ data-attribution>/g)).toHaveLength(2 * EDGE_ATTRIBUTION_FIELDS.length);
    expect(html).toContain('name="wbraid" value="" data-attribution>');
    expect(fillLandingAttribution(page, url(''), undefined, own)).toBe(page);
    expect(escapeAttribute(`a&b"c'<d>`)).toBe('a&amp;b&quot;c&#39;&lt;d&gt;');
  });
});

describe('Google Ads click-conversion import file', () => {
  const since = new Date('2026-11-01T00:00:00+01:00');
  const until = new Date('2026-11-30T12:00:00+01:00');
  const enrolment = (extra: Partial<ConversionEnrolmentRow>): ConversionEnrolmentRow => ({ enrolledOn: '2026-11-20', createdAt: '2026-11-20T15:30:00.000Z', amountEur: 2490, status: 'active', firstTouch: ads, lastTouch: ads, ...extra });

  it('writes the time zone row, Google’s header, then one row per conversion: leads with a gclid first touch, active enrolments of leads with a gclid', () => {
    const { conversions, iosOnly } = adsConversions({
      leads: [
        { createdAt: T1, firstTouch: ads, lastTouch: ads },
        { createdAt: T2, firstTouch: direct, lastTouch: ads },
        { createdAt: T2, firstTouch: { at: T2, gbraid: 'ios1' }, lastTouch: null },
        { createdAt: '2026-10-15T10:00:00.000Z', firstTouch: { ...ads, at: '2026-10-15T10:00:00.000Z' }, lastTouch: null },
      ],
      enrolments: [
        enrolment({}),
        enrolment({ enrolledOn: '2026-11-25', createdAt: '2026-11-27T08:00:00.000Z', amountEur: 890.5, lastTouch: { ...newsletter, gclid: 'Dernier789' } }),
        enrolment({ status: 'cancelled' }),
        enrolment({ firstTouch: direct, lastTouch: newsletter }),
        enrolment({ enrolledOn: '2026-10-20' }),
      ],
      since,
      until,
    });
    expect(iosOnly).toBe(1);
    expect(adsConversionsCsv(conversions)).toBe(
      [
        'Parameters:TimeZone=Europe/Paris',
        'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency',
        // The lead: at its first touch, Paris time (UTC+1 in November), no value.
        'TeSt123,Lead,2026-11-02 10:15:00,,',
        // An enrolment recorded on its day: at that time, its amount in EUR.
        'TeSt123,Inscription,2026-11-20 16:30:00,2490,EUR',
        // Recorded two days later: noon of its day; the last touch's click (the last before the sale).
        'Dernier789,Inscription,2026-11-25 12:00:00,890.5,EUR',
      ].join('\r\n') + '\r\n',
    );
  });

  it('takes the names of the conversion actions, quoted when they hold a comma; no byte-order mark', () => {
    const { conversions } = adsConversions({ leads: [{ createdAt: T1, firstTouch: ads, lastTouch: ads }], enrolments: [], since, until }, { lead: 'Demande, site', enrolment: 'Inscription' });
    const csv = adsConversionsCsv(conversions);
    expect(csv.charCodeAt(0)).toBe('P'.charCodeAt(0));
    expect(csv.split('\r\n')[2]).toBe('TeSt123,"Demande, site",2026-11-02 10:15:00,,');
  });

  it('Paris summer time is UTC+2; a conversion is never before its click; an odd click id is left out', () => {
    const summer = touchOf({ gclid: 'Ete1' }, '2026-07-01T10:00:00.000Z');
    const { conversions } = adsConversions({
      leads: [{ createdAt: summer.at, firstTouch: summer, lastTouch: summer }, { createdAt: summer.at, firstTouch: { at: summer.at, gclid: 'bad id,="x"' }, lastTouch: null }],
      // Enrolled (by the team's date) the day of the click, before the click's hour: one second after the click.
      enrolments: [enrolment({ enrolledOn: '2026-07-01', createdAt: '2026-07-03T09:00:00.000Z', firstTouch: { ...summer, at: '2026-07-01T10:30:00.000Z' }, lastTouch: null })],
      since: new Date('2026-06-15T00:00:00Z'),
      until: new Date('2026-07-10T00:00:00Z'),
    });
    expect(adsConversionsCsv(conversions).split('\r\n').slice(2, 4)).toEqual(['Ete1,Lead,2026-07-01 12:00:00,,', 'Ete1,Inscription,2026-07-01 12:30:01,2490,EUR']);
  });
});
