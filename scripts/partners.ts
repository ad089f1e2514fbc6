// `npm run partners -- <command>`: the referral and affiliate partners (README, « Referral and affiliates »).
//   add --programme alumni|garage|influencer --name "…" --email x [--phone …] [--sql]
//                                   a new partner: prints its code, its link and its private page
//   list                            the partners, their code, programme and state
//   link --code CODE                the partner's link and private page again
//   disable --code CODE [--sql]     the code no longer applies to new requests and enrolments
//   statement --code CODE --year YYYY [--month MM] [--format json|csv]
//                                   the commissions, bonus, free places and perk of the period
// LEADS_DB chooses the local database (default .data/leads.db), CONTENT_ROOT the content (content),
// SITE_URL the links' origin (default organization.yaml siteUrl), FORM_SECRET the private pages'
// signature (default the local .data/form-secret, as npm start). With --sql nothing is written:
// the statement is printed for production, `npx wrangler d1 execute mecaformation-leads --remote
// --command "<SQL>"` (with --sql, the private page's link needs the production FORM_SECRET).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../src/edge/store/sqlite';
import { readRules } from '../src/edge/rules-snapshot';
import { localSecret } from '../src/edge/local-secret';
import { createConsoleStore } from '../src/console/store';
import { BadInput } from '../src/console/errors';
import { createPartnerStore, partnerInsert, type PartnerRecord } from '../src/partners/store';
import { parsePartnerInput } from '../src/partners/input';
import { partnerStatement, statementCsv, statementJson } from '../src/partners/statement';
import { partnerSpacePath, partnerSpaceToken } from '../src/partners/space';
import { generateReferralCode, normalizeReferralCode, referralPath } from '../src/marketing/referral-code';
import { parisDay } from '../src/lib/calendar';

const USAGE = `Usage :
  npm run partners -- add --programme alumni|garage|influencer --name "Prénom Nom" --email adresse@exemple.fr [--phone "06 12 34 56 78"] [--sql]
  npm run partners -- list
  npm run partners -- link --code XXXX-XXXX
  npm run partners -- disable --code XXXX-XXXX [--sql]
  npm run partners -- statement --code XXXX-XXXX --year AAAA [--month MM] [--format json|csv]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    programme: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    phone: { type: 'string' },
    code: { type: 'string' },
    year: { type: 'string' },
    month: { type: 'string' },
    format: { type: 'string', default: 'json' },
    sql: { type: 'boolean', default: false },
  },
});
const [command] = positionals;
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
const sqlValue = (v: unknown) => (v === null || v === undefined ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);

if (!command || !['add', 'list', 'link', 'disable', 'statement'].includes(command)) fail(command ? `Commande inconnue : ${command}.` : 'Commande manquante.');

const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
const origin = new URL(process.env.SITE_URL ?? rules.marketing.organization.siteUrl).origin;
const secret = process.env.FORM_SECRET ?? (values.sql ? null : localSecret(resolve('.data/form-secret')));

async function links(partner: Pick<PartnerRecord, 'id' | 'code'>): Promise<string> {
  const space = secret ? `${origin}${partnerSpacePath(await partnerSpaceToken(secret, partner.id))}` : 'donnez FORM_SECRET (celui de la production) pour le calculer, ou ouvrez la fiche du partenaire dans la console';
  return `Lien de parrainage : ${origin}${referralPath(partner.code)}\nEspace du partenaire (lien privé) : ${space}`;
}
const codeOf = () => {
  const code = normalizeReferralCode(values.code ?? '');
  if (!code) fail(`--code : code de parrainage attendu, 8 caractères (par exemple B7QM-4XPD)${values.code ? `, reçu « ${values.code} »` : ''}.`);
  return code!;
};

let input: ReturnType<typeof parsePartnerInput> | null = null;
if (command === 'add') {
  try {
    input = parsePartnerInput(values, rules.marketing);
  } catch (error) {
    if (error instanceof BadInput) fail(`--${{ Programme: 'programme', Nom: 'name', 'E-mail': 'email', Téléphone: 'phone' }[error.field] ?? error.field} (${error.field}) : ${error.rule}.`);
    throw error;
  }
}

if (values.sql) {
  const now = new Date().toISOString();
  if (command === 'add') {
    const record = { id: crypto.randomUUID(), code: generateReferralCode(), ...input!, createdAt: now, createdBy: 'npm run partners' };
    const { sql, params } = partnerInsert(record);
    let i = 0;
    console.log(`${sql.replace(/\?/g, () => sqlValue(params[i++]))};`);
    console.error(`Code : ${record.code} (${input!.programme}, ${input!.name})\n${await links(record)}`);
  } else if (command === 'disable') {
    console.log(`UPDATE partners SET disabled_at = ${sqlValue(now)}, disabled_by = 'npm run partners' WHERE code = ${sqlValue(codeOf())} AND disabled_at IS NULL;`);
  } else fail('--sql : seulement avec add ou disable.');
  process.exit(0);
}

const { driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
const partners = createPartnerStore(driver);
const team = createConsoleStore(driver);
try {
  const now = new Date();
  if (command === 'add') {
    const existing = await partners.findActiveByEmail(input!.email);
    if (existing) fail(`--email : un partenaire actif a déjà cette adresse (code ${existing.code}) : un seul code par personne.`);
    const partner = await partners.addPartner({ ...input!, by: 'npm run partners', now: now.toISOString() });
    await team.audit({ at: now.toISOString(), user: null, action: 'partenaire-ajout', target: partner.code, detail: `${partner.programme} : ${partner.name} (npm run partners)`, outcome: 'ok', ip: 'terminal' });
    const label = rules.marketing.affiliates.find((a) => a.key === partner.programme)!.label;
    console.log(`Partenaire enregistré : ${partner.name} <${partner.email}>${partner.phone ? ` ${partner.phone}` : ''}, programme « ${label} »\nCode : ${partner.code}\n${await links(partner)}`);
  } else if (command === 'list') {
    const year = parisDay(now).slice(0, 4);
    const rows = await partners.listPartners(`${year}-01-01`, `${Number(year) + 1}-01-01`);
    if (!rows.length) console.log('Aucun partenaire. Ajoutez-en un : npm run partners -- add --programme alumni --name … --email …');
    for (const p of rows) console.log(`${p.code}\t${p.programme}\t${p.name} <${p.email}>\t${p.disabledAt ? `désactivé le ${p.disabledAt.slice(0, 10)}` : 'actif'}\t${p.leads} demande(s), ${p.enrolments} inscription(s) en ${year}`);
  } else {
    const partner = await partners.findByCode(codeOf());
    if (!partner) fail(`--code : aucun partenaire avec le code ${codeOf()}.`);
    if (command === 'link') {
      console.log(`${partner!.name} (${partner!.programme}) · ${partner!.code}${partner!.disabledAt ? ` · désactivé le ${partner!.disabledAt.slice(0, 10)}` : ''}\n${await links(partner!)}`);
    } else if (command === 'disable') {
      if (!(await partners.disablePartner(partner!.id, 'npm run partners', now.toISOString()))) fail(`Le code ${partner!.code} est déjà désactivé.`);
      await team.audit({ at: now.toISOString(), user: null, action: 'desactivation-partenaire', target: partner!.code, detail: `${partner!.name} (npm run partners)`, outcome: 'ok', ip: 'terminal' });
      console.log(`Code ${partner!.code} désactivé : il ne s’applique plus aux nouvelles demandes ni aux nouvelles inscriptions.`);
    } else {
      if (!/^20[2-9]\d$/.test(values.year ?? '')) fail(`--year : année attendue sur quatre chiffres, de 2020 à 2099${values.year ? ` (reçu : ${values.year})` : ''}.`);
      if (values.month !== undefined && !/^(0?[1-9]|1[0-2])$/.test(values.month)) fail(`--month : mois de 1 à 12 attendu (reçu : ${values.month}).`);
      if (!['json', 'csv'].includes(values.format!)) fail(`--format : json ou csv attendu (reçu : ${values.format}).`);
      const statement = await partnerStatement(partners, rules.marketing, partner!, { year: Number(values.year), month: values.month ? Number(values.month) : null }, parisDay(now));
      if (values.format === 'csv') process.stdout.write(statementCsv(statement, rules.trainingTitles));
      else console.log(JSON.stringify(statementJson(partner!, statement, rules.trainingTitles), null, 2));
    }
  }
} finally {
  driver.close();
}
