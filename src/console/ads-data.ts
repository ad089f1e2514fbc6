// The Google Ads conversions of the last days, from the store: for `npm run report -- ads-conversions`
// and the console's download (src/edge/routes/console.ts), on SQLite and on D1 alike.
import type { ConsoleStore } from './store';
import type { Marketing } from '../marketing/config';
import { parseTouch } from '../marketing/attribution';
import { adsConversions, adsConversionsCsv, DEFAULT_CONVERSION_NAMES, type AdsConversionsResult } from '../marketing/ads-conversions';
import { parisDay } from '../lib/calendar';

/** The conversion actions' names of campaigns.yaml (conversionImport), else « Lead » and « Inscription ». */
export function conversionNames(marketing: Marketing, override: { lead?: string; enrolment?: string } = {}) {
  const set = marketing.campaigns.conversionImport;
  return {
    lead: override.lead ?? set?.leadConversionName ?? DEFAULT_CONVERSION_NAMES.lead,
    enrolment: override.enrolment ?? set?.enrolmentConversionName ?? DEFAULT_CONVERSION_NAMES.enrolment,
  };
}

/** The conversions of the `days` days before `now`, and the import file. */
export async function loadAdsConversions(store: ConsoleStore, names: { lead: string; enrolment: string }, now: Date, days: number): Promise<AdsConversionsResult & { csv: string }> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await store.adsConversionRows(since.toISOString(), parisDay(since));
  const result = adsConversions(
    {
      leads: rows.leads.map((r) => ({ createdAt: String(r.created_at), firstTouch: parseTouch(r.first_touch), lastTouch: parseTouch(r.last_touch) })),
      enrolments: rows.enrolments.map((r) => ({
        enrolledOn: String(r.enrolled_on),
        createdAt: String(r.created_at),
        amountEur: Number(r.amount_eur),
        status: String(r.status),
        firstTouch: parseTouch(r.first_touch),
        lastTouch: parseTouch(r.last_touch),
      })),
      since,
      until: new Date(now.getTime() + 1),
    },
    names,
  );
  return { ...result, csv: adsConversionsCsv(result.conversions) };
}
