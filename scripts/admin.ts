// `npm run admin -- <command>`: the console's team accounts.
//   create-user --email x --role admin|sales [--sql]   a new account (the first one included)
//   set-password --email x [--sql]                      a new password (a forgotten one)
//   list-users                                          the accounts and their last sign-in
// The password comes from ADMIN_PASSWORD, or is asked on the terminal (not echoed). LEADS_DB chooses
// the local database (default .data/leads.db). With --sql nothing is written: the statement is
// printed for production, `npx wrangler d1 execute mecaformation-leads --remote --command "<SQL>"`
// (the hash is computed here; the password never leaves this machine).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../src/edge/store/sqlite';
import { createConsoleStore } from '../src/console/store';
import { hashPassword, passwordProblem, ROLES, type Role } from '../src/console/auth';
import { normalizeEmail } from '../src/marketing/lead-forms';

const USAGE = `Usage :
  npm run admin -- create-user --email adresse@exemple.fr --role admin|sales [--sql]
  npm run admin -- set-password --email adresse@exemple.fr [--sql]
  npm run admin -- list-users
Le mot de passe vient de ADMIN_PASSWORD ou est demandé au terminal (12 caractères au moins).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, role: { type: 'string' }, sql: { type: 'boolean', default: false } },
});
const [command] = positionals;
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

/** ADMIN_PASSWORD, or typed twice on the terminal without echo. */
async function password(email: string): Promise<string> {
  let value = process.env.ADMIN_PASSWORD;
  if (value === undefined) {
    if (!process.stdin.isTTY) fail('Mot de passe : définissez ADMIN_PASSWORD (aucun terminal pour le demander).');
    value = await ask('Mot de passe (12 caractères au moins) : ');
    if ((await ask('Confirmez le mot de passe : ')) !== value) fail('Les deux mots de passe diffèrent.');
  }
  const problem = passwordProblem(value!, email);
  if (problem) fail(`Mot de passe refusé : ${problem}`);
  return value!;
}

function ask(question: string): Promise<string> {
  return new Promise((done) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    // Echo the question only, not what is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      done(answer);
    });
  });
}

const sqlText = (v: string) => `'${v.replace(/'/g, "''")}'`;

if (!command || !['create-user', 'set-password', 'list-users'].includes(command)) fail(command ? `Commande inconnue : ${command}.` : 'Commande manquante.');

const email = values.email ? normalizeEmail(values.email) : '';
if (command !== 'list-users' && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email)) fail('--email : adresse e-mail attendue.');
if (command === 'create-user' && !ROLES.includes(values.role as Role)) fail(`--role : ${ROLES.join(' ou ')} attendu${values.role ? ` (reçu : ${values.role})` : ''}.`);

if (values.sql) {
  const hash = await hashPassword(await password(email));
  const now = new Date().toISOString();
  console.log(
    command === 'create-user'
      ? `INSERT INTO users (id, email, role, password_hash, created_at) VALUES (${sqlText(crypto.randomUUID())}, ${sqlText(email)}, ${sqlText(values.role!)}, ${sqlText(hash)}, ${sqlText(now)});`
      : `UPDATE users SET password_hash = ${sqlText(hash)}, failed_count = 0 WHERE email = ${sqlText(email)}; DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ${sqlText(email)});`,
  );
  process.exit(0);
}

const { driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
const store = createConsoleStore(driver);
try {
  const now = new Date().toISOString();
  if (command === 'list-users') {
    const users = await store.listUsers();
    if (!users.length) console.log('Aucun compte. Créez le premier : npm run admin -- create-user --email … --role admin');
    for (const u of users) console.log(`${u.email}\t${u.role}\t${u.disabledAt ? `désactivé le ${u.disabledAt}` : 'actif'}\tdernière connexion : ${u.lastLoginAt ?? 'jamais'}`);
  } else if (command === 'create-user') {
    if (await store.findUserByEmail(email)) fail(`Un compte existe déjà pour ${email} (set-password pour changer son mot de passe).`);
    const user = await store.createUser({ email, role: values.role as Role, passwordHash: await hashPassword(await password(email)), now });
    await store.audit({ at: now, user: null, action: 'creation-compte', target: email, detail: `rôle ${user.role} (npm run admin)`, outcome: 'ok', ip: 'terminal' });
    console.log(`Compte créé : ${email} (${user.role}). Connexion : /admin/connexion`);
  } else {
    const user = await store.findUserByEmail(email);
    if (!user) fail(`Aucun compte pour ${email}.`);
    await store.setPassword(user!.id, await hashPassword(await password(email)));
    await store.audit({ at: now, user: null, action: 'mot-de-passe', target: email, detail: 'nouveau mot de passe (npm run admin), sessions fermées', outcome: 'ok', ip: 'terminal' });
    console.log(`Mot de passe de ${email} changé ; ses sessions sont fermées.`);
  }
} finally {
  driver.close();
}
