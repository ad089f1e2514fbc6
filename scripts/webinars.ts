// `npm run webinars -- <command>`: webinar seats on the local store.
//   list [--webinar slug]                          registrations, waiting lists, attendance
//   attendance --webinar slug --email x [--absent] records that x attended (or not); attending scores
// LEADS_DB (default .data/leads.db) as for npm start.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../src/edge/store/sqlite';
import { readRules } from '../src/edge/rules-snapshot';
import { localSecret } from '../src/edge/local-secret';
import { createAutomation } from '../src/automation/engine';
import { nodeMailer } from '../src/automation/mailer-node';
import { normalizeEmail } from '../src/marketing/lead-forms';

const USAGE = `Usage :
  npm run webinars -- list [--webinar slug]
  npm run webinars -- attendance --webinar slug --email adresse@exemple.fr [--absent]`;
const { positionals, values } = parseArgs({ allowPositionals: true, options: { webinar: { type: 'string' }, email: { type: 'string' }, absent: { type: 'boolean', default: false } } });
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
const [command] = positionals;
const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
if (values.webinar && !rules.webinars.includes(values.webinar)) fail(`--webinar : webinaire « ${values.webinar} » inconnu (content/webinars/).`);
const { store, driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
const automation = createAutomation({
  db: driver,
  rules,
  mailer: nodeMailer(),
  siteUrl: process.env.SITE_URL ?? `http://localhost:${process.env.PORT ?? 4321}`,
  secret: process.env.FORM_SECRET ?? localSecret(resolve('.data/form-secret')),
});
try {
  if (command === 'list') {
    const rows = await automation.seats.registrations(values.webinar);
    for (const r of rows) console.log([r.webinar, r.status, String(r.created_at).slice(0, 16), `${r.first_name} ${r.last_name ?? ''}`.trim(), r.email].join('\t'));
    if (!rows.length) console.log('Aucune inscription.');
  } else if (command === 'attendance') {
    if (!values.webinar || !values.email) fail('--webinar et --email sont obligatoires pour « attendance ».');
    const lead = await store.findLeadByEmail(normalizeEmail(values.email!));
    if (!lead) fail(`Aucune personne avec l’adresse ${values.email}.`);
    const ok = await automation.seats.attendance(values.webinar!, lead!.id, !values.absent, new Date());
    if (!ok) fail(`${values.email} n’a pas de place à ce webinaire (inscription annulée ou sur liste d’attente).`);
    console.log(`${values.email} : ${values.absent ? 'absence' : 'présence'} enregistrée au webinaire ${values.webinar}.`);
  } else fail(command ? `Commande inconnue : ${command}.` : 'Commande manquante.');
} finally {
  driver.close();
}
