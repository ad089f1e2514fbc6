// `npm run leads -- <command>`: the sales team's and the DPO's tools on the local lead store.
//   export --email x            RGPD access request: everything stored about x, as JSON
//   erase --email x             RGPD erasure: deletes x's data, keeps a hash on the suppression list
//   list [--since 7d] [--format csv|json]   recent leads for the sales team, with their first and
//                                           last non-direct touch (firstTouch_*, lastTouch_*)
// LEADS_DB chooses the database (default .data/leads.db).
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../src/edge/store/sqlite';
import { emailHash } from '../src/edge/app';
import { normalizeEmail } from '../src/marketing/lead-forms';
import { toCsv } from '../src/lib/csv';
import { parseSince } from '../src/lib/period';
import { flattenTouches, TOUCH_COLUMNS } from '../src/marketing/attribution';

const USAGE = `Usage :
  npm run leads -- export --email adresse@exemple.fr
  npm run leads -- erase --email adresse@exemple.fr
  npm run leads -- list [--since 7d] [--format csv|json]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, since: { type: 'string', default: '7d' }, format: { type: 'string', default: 'csv' } },
});
const [command] = positionals;
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const { store, driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
try {
  if (command === 'export' || command === 'erase') {
    if (!values.email) fail(`--email est obligatoire pour « ${command} ».`);
    const email = normalizeEmail(values.email!);
    if (command === 'export') {
      const data = await store.exportLead(email);
      if (!data) fail(`Aucune donnée pour ${email}.`);
      console.log(JSON.stringify(data, null, 2));
    } else {
      // The local outbox holds copies of the e-mails sent to this person: they go too.
      const jobs = await driver.all<{ id: string }>('SELECT id FROM email_jobs WHERE lead_id IN (SELECT id FROM leads WHERE email = ?)', [email]);
      const erased = await store.eraseLead(email, await emailHash(email), new Date().toISOString());
      const outbox = resolve(process.env.OUTBOX_DIR ?? '.data/outbox');
      for (const job of jobs) rmSync(join(outbox, `${job.id}.eml`), { force: true });
      console.log(erased ? `Données de ${email} effacées ; l’adresse est ajoutée à la liste d’exclusion.` : `Aucune donnée pour ${email} ; l’adresse est ajoutée à la liste d’exclusion.`);
    }
  } else if (command === 'list') {
    const days = parseSince(values.since);
    if (days === null) fail(`--since attend un nombre de jours de 1d à 3650d, par exemple 7d (reçu : ${values.since}).`);
    const leads = await store.listLeads(new Date(Date.now() - Number(days) * 86_400_000).toISOString());
    if (values.format === 'json') console.log(JSON.stringify(leads, null, 2));
    else if (values.format === 'csv') {
      // Then the first and last non-direct touch (where the lead came from), as columns.
      const columns = ['updatedAt', 'email', 'firstName', 'lastName', 'phone', 'lastKind', 'lastTraining', 'segment', 'score', 'temperature', 'consentMarketing', 'region', ...TOUCH_COLUMNS];
      process.stdout.write(toCsv(leads.map(flattenTouches), columns));
    } else fail(`--format attend csv ou json (reçu : ${values.format}).`);
  } else {
    fail(command ? `Commande inconnue : ${command}.` : 'Commande manquante.');
  }
} finally {
  driver.close();
}
