// Every table of the store (migrations/*.sql), in an order that deletes children first, and a
// dump of all their rows: the hostile suite asserts that an attack leaves them unchanged.
import type { SqlDriver } from '../../src/edge/store/types';

export const TABLES = ['engagement', 'email_links', 'email_jobs', 'tasks', 'whatsapp_statuses', 'whatsapp_messages', 'whatsapp_contacts', 'webinar_registrations', 'list_members', 'automation_runs', 'confirmations', 'consents', 'lead_events', 'leads', 'suppression', 'ab_counts', 'ab_units', 'rate_limits', 'enrolments', 'campaign_spend', 'audience_salts', 'audience_visitors', 'audience_daily', 'audit_log', 'sessions', 'users', 'assistant_unanswered', 'partners'];

export async function dumpTables(db: SqlDriver): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db.all(`SELECT * FROM ${table} ORDER BY rowid`);
  return out;
}
