// `npm run automation -- <command>`: the marketing-automation engine on the local store.
//   tick [--now 2026-12-01T09:00:00Z]   sends what is due at that time (default: now)
//   status [--email x]                  e-mail jobs (all, or one lead's), with their outcome
//   tasks                               callback tasks of the sales team (open, overdue, done)
//   complete-enrolment --email x --amount 2490 [--date YYYY-MM-DD] [--training slug] [--code CODE | --no-referral]
//                                       records an enrolment (amount in euros, date default today in
//                                       Paris) as the console does: the lead's referral code when its
//                                       partner is active and it is no self-referral; its reminders stop
//   stats                               Email_Subject test: sent, opened, clicked per variant
// LEADS_DB (default .data/leads.db), OUTBOX_DIR (.data/outbox), SMTP_URL, SITE_URL as for npm start.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../src/edge/store/sqlite';
import { readRules } from '../src/edge/rules-snapshot';
import { localSecret } from '../src/edge/local-secret';
import { createAutomation } from '../src/automation/engine';
import { nodeMailer } from '../src/automation/mailer-node';
import { normalizeEmail } from '../src/marketing/lead-forms';
import { createConsoleStore } from '../src/console/store';
import { createPartnerStore } from '../src/partners/store';
import { parseAmount, parseEnrolmentDay, recordEnrolment, type ReferralChoice } from '../src/console/enrolments';
import { BadInput } from '../src/console/errors';
import { parisDay } from '../src/lib/calendar';
import { formatCents, toCents } from '../src/marketing/commissions';

const USAGE = `Usage :
  npm run automation -- tick [--now 2026-12-01T09:00:00Z]
  npm run automation -- status [--email adresse@exemple.fr]
  npm run automation -- tasks
  npm run automation -- complete-enrolment --email adresse@exemple.fr --amount 2490 [--date AAAA-MM-JJ] [--training slug] [--code XXXX-XXXX | --no-referral]
  npm run automation -- stats`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    now: { type: 'string' },
    email: { type: 'string' },
    amount: { type: 'string' },
    date: { type: 'string' },
    training: { type: 'string' },
    code: { type: 'string' },
    'no-referral': { type: 'boolean', default: false },
  },
});
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
const [command] = positionals;
const now = values.now ? new Date(values.now) : new Date();
if (Number.isNaN(now.getTime())) fail(`--now : date ISO 8601 attendue (ex. 2026-12-01T09:00:00Z), reçu « ${values.now} ».`);

const { store, driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
const automation = createAutomation({
  db: driver,
  rules,
  mailer: nodeMailer(),
  siteUrl: process.env.SITE_URL ?? `http://localhost:${process.env.PORT ?? 4321}`,
  secret: process.env.FORM_SECRET ?? localSecret(resolve('.data/form-secret')),
});
const leadOf = async () => {
  if (!values.email) fail(`--email est obligatoire pour « ${command} ».`);
  const lead = await store.findLeadByEmail(normalizeEmail(values.email!));
  if (!lead) fail(`Aucune personne avec l’adresse ${values.email}.`);
  return lead!;
};

try {
  if (command === 'tick') {
    const r = await automation.tick(now);
    console.log(`${now.toISOString()} : ${r.sent} envoyé(s), ${r.deferred} reporté(s) par la limite du segment, ${r.cancelled} annulé(s), ${r.skipped} hors segment, ${r.retried} à retenter, ${r.failed} en échec, ${r.overdueTasks} rappel(s) passé(s) en retard`);
  } else if (command === 'status') {
    const rows = await automation.jobs(values.email ? (await leadOf()).id : undefined);
    console.table(rows.map((j) => ({ modèle: j.template, statut: j.status, prévu: j.due_at, envoyé: j.sent_at ?? '', objet: j.subject ?? '', variante: j.variant ?? '', détail: j.outcome ?? '' })));
  } else if (command === 'tasks') {
    const rows = await automation.tasks();
    console.table(rows.map((t) => ({ id: t.id, statut: t.status, échéance: t.due_at, personne: `${t.first_name} ${t.last_name ?? ''}`.trim(), téléphone: t.phone ?? '', email: t.email })));
  } else if (command === 'complete-enrolment') {
    const lead = await leadOf();
    const flags: Record<string, string> = { 'Montant (€)': '--amount', 'Date d’inscription': '--date', 'Code de parrainage': '--code', Formation: '--training' };
    try {
      if (values.amount === undefined) throw new BadInput('Montant (€)', 'obligatoire, en euros (par exemple --amount 2490)');
      const amountEur = parseAmount(values.amount);
      const enrolledOn = values.date === undefined ? parisDay(now) : parseEnrolmentDay(values.date, now);
      if (values.training !== undefined && !rules.trainings.includes(values.training)) throw new BadInput('Formation', `formation inconnue (${rules.trainings.join(', ')})`);
      if (values.code !== undefined && values['no-referral']) throw new BadInput('Code de parrainage', '--code et --no-referral s’excluent');
      const referral: ReferralChoice = values['no-referral'] ? { mode: 'none' } : values.code !== undefined ? { mode: 'code', code: values.code } : { mode: 'lead' };
      const team = createConsoleStore(driver);
      const recorded = await recordEnrolment({ console: team, partners: createPartnerStore(driver), automation }, { leadId: lead.id, training: values.training ?? null, amountEur, enrolledOn, referral, by: 'npm run automation', now });
      const partner = recorded.code ? `code de parrainage ${recorded.code}${recorded.partner ? ` (${rules.marketing.affiliates.find((a) => a.key === recorded.partner!.programme)?.label ?? recorded.partner.programme})` : ''}` : recorded.skipped ? recorded.skipped : 'sans parrainage';
      await team.audit({ at: now.toISOString(), user: null, action: 'inscription', target: lead.id, detail: `${amountEur} € le ${enrolledOn}${values.training ? ` (${values.training})` : ''}, ${partner} [${recorded.id}] (npm run automation)`, outcome: 'ok', ip: 'terminal' });
      console.log(`Inscription enregistrée : ${formatCents(toCents(amountEur))} le ${enrolledOn}, ${partner}. Les relances d’inscription s’arrêtent.`);
    } catch (error) {
      if (error instanceof BadInput) fail(`${flags[error.field] ?? '--email'} (${error.field}) : ${error.rule}.`);
      throw error;
    }
  } else if (command === 'stats') {
    console.table(await automation.experimentStats());
  } else {
    fail(command ? `Commande inconnue : ${command}.` : 'Commande manquante.');
  }
} finally {
  driver.close();
}
