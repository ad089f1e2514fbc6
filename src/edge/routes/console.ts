// The team's console at /admin/: server-rendered French pages over the same store on Node
// (SQLite) and Workers (D1). Sign-in, then every page behind requireSession (session, CSRF on
// every POST, never cached, noindex); every action that changes data or reads personal data in
// bulk is written to the audit log, and so is every refusal.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { bodyCap, readFormValues } from '../http/body';
import { addressBucket } from '../http/client-address';
import { emailHash } from '../signing';
import { toCsv } from '../../lib/csv';
import { frenchHtml } from '../../lib/typography';
import { zonedTime } from '../../lib/zoned';
import { parisDay } from '../../lib/calendar';
import { normalizeEmail } from '../../marketing/lead-forms';
import { hashPassword, passwordProblem, verifyPassword, ROLES, can, type Role } from '../../console/auth';
import { forbid, formOf, loginToken, requireSession, signIn, signOut, viewerOf, type SessionDeps } from '../../console/session';
import type { Html } from '../../console/layout';
import { BadInput } from '../../console/errors';
import { PAGE_SIZE, type LeadFilters } from '../../console/store';
import { enrolmentsPage, journalPage, leadPage, leadsPage, loginPage, refusalPage, tasksPage, usersPage, webinarsPage, whatsappListPage, whatsappPage, sourceOf, type PageContext } from '../../console/pages';
import { assistantPage, audiencePage, dashboardPage, experimentsPage, kpiPage, passwordPage } from '../../console/report-pages';
import { experimentResults } from '../../console/experiments';
import { loadAudience, loadKpiReport, parsePeriod } from '../../console/kpi-data';
import { conversionNames, loadAdsConversions } from '../../console/ads-data';
import { whatsappExport } from '../store/sql-store';
import { parseAmount, parseEnrolmentDay, recordEnrolment, REFERRAL_FIELD, type ReferralChoice } from '../../console/enrolments';
import { registerPartnerRoutes } from './console-partners';
import { parseTouch, touchMedium, touchSource, type Touch } from '../../marketing/attribution';
import { campaignPreviewRoutes } from './campaign-preview';
import { socialPage } from '../../console/social-page';
import { calendarInput, shareKit, socialCalendar, weekStart, type ShareKit } from '../../marketing/social-calendar';
import { FEED_WEEKS, icsResponse, socialFeedPath } from './social';

type Notice = { kind: 'ok' | 'error'; text: string };

/** Messages after an action (?fait=…), so that a reload never repeats the POST. */
const DONE: Record<string, string> = {
  tache: 'Rappel marqué fait.',
  inscription: 'Inscription enregistrée : les relances d’inscription de ce lead sont arrêtées.',
  annulation: 'Inscription annulée.',
  presence: 'Présence enregistrée.',
  efface: 'Données effacées ; l’adresse est sur la liste d’exclusion.',
  'whatsapp-efface': 'Conversation WhatsApp effacée : le contact, ses messages et ses rappels.',
  rattache: 'Conversation rattachée au lead : elle apparaît sur sa fiche et suit son effacement.',
  detache: 'Conversation détachée du lead.',
  compte: 'Compte créé : transmettez le mot de passe provisoire de vive voix, la personne le change à sa première connexion.',
  desactive: 'Compte désactivé : ses sessions sont fermées.',
  depense: 'Dépense enregistrée.',
  'mot-de-passe': 'Mot de passe changé.',
  partenaire: 'Partenaire enregistré : transmettez-lui son code, son lien de parrainage et le lien de son espace.',
  'partenaire-desactive': 'Code désactivé : il ne s’applique plus aux nouvelles demandes ni aux nouvelles inscriptions.',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;
const ID = /^[\w-]{1,64}$/;

function validDay(value: string, field: string): string {
  const m = DAY.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) throw new BadInput(field, 'date attendue au format AAAA-MM-JJ');
  return value;
}
/** The instant a Paris day begins. */
function dayStart(value: string): string {
  const [y, mo, d] = value.split('-').map(Number) as [number, number, number];
  return zonedTime(y, mo, d, '00:00').toISOString();
}
function nextDay(value: string): string {
  const d = new Date(`${value}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function consoleRoutes(edge: Edge) {
  const app = new Hono();
  const store = edge.console;
  if (!store) {
    app.all('/admin/*', (c) => c.text('Console indisponible : le magasin de données de cette installation n’expose pas de SQL.', 503));
    return app;
  }
  const deps: SessionDeps = { console: store, store: edge.store, now: edge.now, clientBucket: (c) => addressBucket(edge.clientAddress(c)) };
  const marketing = edge.rules.marketing;

  const render = async (c: Context, page: Html, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503 = 200) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    return c.html(frenchHtml(String(await page)), status);
  };
  const ctxOf = (c: Context, notice?: Notice | null): PageContext => {
    const v = viewerOf(c);
    const done = c.req.query('fait');
    return {
      stylesheet: edge.stylesheet,
      viewer: { email: v.user.email, role: v.user.role, csrf: v.csrf },
      marketing,
      trainingTitles: edge.rules.trainingTitles,
      notice: notice ?? (done && Object.hasOwn(DONE, done) ? { kind: 'ok', text: DONE[done]! } : null),
    };
  };
  const audit = (c: Context, action: string, target: string | null, detail: string | null, outcome: 'ok' | 'refused' = 'ok') => {
    const v = viewerOf(c);
    return store.audit({ at: edge.now().toISOString(), user: v ? { id: v.user.id, email: v.user.email } : null, action, target, detail, outcome, ip: deps.clientBucket(c) });
  };
  const refusal = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 422, title: string, message: string) => {
    const v = viewerOf(c);
    return render(c, refusalPage(edge.stylesheet, v ? { email: v.user.email, role: v.user.role, csrf: v.csrf } : null, title, message), status);
  };
  const today = () => parisDay(edge.now());

  // --- sign-in (the only page without a session) ------------------------------------------------
  app.use('/admin/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    await next();
  });
  app.post('/admin/*', bodyCap(edge.limits.smallBodyBytes, 'un formulaire de la console'));
  app.get('/admin', (c) => c.redirect('/admin/', 308));

  const retourOf = (value: unknown) => (typeof value === 'string' && /^\/admin\/[\w\-/.]{0,120}$/.test(value) && !value.includes('..') && !value.startsWith('/admin/connexion') ? value : '/admin/');
  app.get('/admin/connexion', (c) => {
    const expired = c.req.query('expiree') === '1';
    return render(c, loginPage({ stylesheet: edge.stylesheet, token: loginToken(c), retour: retourOf(c.req.query('retour')), notice: expired ? { kind: 'error', text: 'Votre session a expiré : reconnectez-vous.' } : null }));
  });
  app.post('/admin/connexion', async (c) => {
    const form = await readFormValues(c);
    const values = form.ok ? form.values : {};
    const result = await signIn(c, deps, values);
    if (result.ok) return c.redirect(retourOf(values.retour), 303);
    const messages = {
      origin: [403, 'Requête refusée : elle ne vient pas de la console.'],
      csrf: [403, 'Formulaire expiré (jeton de sécurité absent ou invalide) : rechargez la page et recommencez.'],
      locked: [429, 'Trop de tentatives : la connexion est bloquée 15 minutes pour cette adresse.'],
      invalid: [401, 'Adresse e-mail ou mot de passe incorrect.'],
    } as const;
    const [status, text] = messages[result.reason];
    return render(c, loginPage({ stylesheet: edge.stylesheet, token: loginToken(c), retour: retourOf(values.retour), notice: { kind: 'error', text } }), status);
  });

  // --- everything else: a session, and the CSRF token on every POST ------------------------------
  app.use(
    '/admin/*',
    requireSession(deps, (c, status, reason) => render(c, refusalPage(edge.stylesheet, null, status === 401 ? 'Connexion requise' : 'Requête refusée', reason), status)),
  );
  app.post('/admin/deconnexion', async (c) => {
    await signOut(c, deps, viewerOf(c));
    return c.redirect('/admin/connexion', 303);
  });

  // A form's odd value: 422 naming the field and the rule, never a 500.
  app.onError((error, c) => {
    if (error instanceof BadInput) return refusal(c, 422, 'Valeur refusée', `${error.field} : ${error.rule}.`);
    throw error;
  });

  // --- dashboard -------------------------------------------------------------------------------
  app.get('/admin/', async (c) => {
    const period = parsePeriod(undefined, undefined, edge.now());
    const report = await loadKpiReport(edge, store, period);
    const recent = await store.searchLeads({ sort: 'recent', page: 1 });
    const tasks = await store.tasks();
    return render(c, dashboardPage(ctxOf(c), report, recent.rows.slice(0, 8), tasks.filter((t) => t.status !== 'done')));
  });

  // --- leads -----------------------------------------------------------------------------------
  const filtersOf = (c: Context): LeadFilters => {
    const q = c.req.query();
    const f: LeadFilters = {};
    const one = (name: string, max = 100) => {
      const v = q[name];
      if (v === undefined || v === '') return undefined;
      if (v.length > max) throw new BadInput(name, `${max} caractères au plus`);
      return v;
    };
    f.q = one('q');
    const temperature = one('temperature');
    if (temperature && !marketing.leadScoring.thresholds.some((t) => t.key === temperature)) throw new BadInput('temperature', `valeur inconnue (attendu : ${marketing.leadScoring.thresholds.map((t) => t.key).join(', ')})`);
    f.temperature = temperature;
    const segment = one('segment');
    if (segment && segment !== '(aucun)' && !marketing.segments.some((s) => s.key === segment)) throw new BadInput('segment', 'segment inconnu de segments.yaml');
    f.segment = segment;
    const training = one('formation');
    if (training && !edge.knownTrainings.has(training)) throw new BadInput('formation', 'formation inconnue');
    f.training = training;
    f.source = one('source');
    f.campaign = one('campagne');
    const du = one('du');
    if (du) f.from = dayStart(validDay(du, 'du'));
    const au = one('au');
    if (au) f.to = dayStart(nextDay(validDay(au, 'au')));
    const tri = one('tri');
    if (tri && !['recent', 'score', 'name', 'updated'].includes(tri)) throw new BadInput('tri', 'recent, score, updated ou name attendu');
    f.sort = tri as LeadFilters['sort'];
    const page = one('page', 6);
    if (page && !/^[1-9]\d{0,5}$/.test(page)) throw new BadInput('page', 'nombre entier à partir de 1 attendu');
    f.page = page ? Number(page) : 1;
    return f;
  };

  app.get('/admin/leads', async (c) => {
    const filters = filtersOf(c);
    return render(c, leadsPage(ctxOf(c), filters, await store.searchLeads(filters), await store.filterValues()));
  });

  app.get('/admin/leads.csv', async (c) => {
    const filters = filtersOf(c);
    const rows = await store.exportLeads(filters);
    const csv = toCsv(
      rows.map((r) => {
        const a = parseJson(r.first_attribution);
        return {
          cree_le: r.created_at,
          mis_a_jour_le: r.updated_at,
          email: r.email,
          prenom: r.first_name,
          nom: r.last_name,
          telephone: r.phone,
          situation: r.situation,
          region: r.region,
          garage: r.company,
          taille_garage: r.company_size,
          segment: r.segment,
          score: r.score,
          temperature: r.temperature,
          derniere_demande: r.last_kind,
          formation: r.last_training,
          source: sourceOf(a),
          support: a.utm_medium ?? null,
          campagne: a.utm_campaign ?? null,
          contenu: a.utm_content ?? null,
          mot_cle: a.utm_term ?? null,
          gclid: a.gclid ?? null,
          parrain: a.ref ?? null,
          code_parrainage: r.referral_code ?? null,
          page_arrivee: a.entryPage ?? a.landingPage ?? null,
          page_formulaire: a.landingPage ?? null,
          referent: a.referrer ?? null,
          consentement_marketing: Number(r.consent_marketing) ? 'oui' : 'non',
          // The columns above are the first touch's; then its time and iOS click ids, and the last non-direct touch.
          premier_contact_le: a.at ?? null,
          gbraid: a.gbraid ?? null,
          wbraid: a.wbraid ?? null,
          ...touchCells('dernier_contact', parseTouch(r.last_touch)),
        };
      }),
    );
    await audit(c, 'export-csv', '/admin/leads.csv', `${rows.length} leads exportés (${new URLSearchParams(c.req.query()).toString() || 'sans filtre'})`);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="leads-${today()}.csv"`);
    // toCsv starts with a byte-order mark: spreadsheet software reads the accents as UTF-8.
    return c.body(csv);
  });

  const leadOr404 = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (!ID.test(id)) return null;
    return store.leadFile(id);
  };
  app.get('/admin/leads/:id', async (c) => {
    const file = await leadOr404(c);
    if (!file) return refusal(c, 404, 'Lead introuvable', 'Ce lead n’existe pas ou a été effacé.');
    const breakdown = edge.automation ? await edge.automation.scoreBreakdown(String(file.lead.id), edge.now()) : null;
    return render(c, leadPage(ctxOf(c), file, breakdown));
  });

  app.post('/admin/leads/:id/export', async (c) => {
    const file = await leadOr404(c);
    if (!file) return refusal(c, 404, 'Lead introuvable', 'Ce lead n’existe pas ou a été effacé.');
    const data = await edge.store.exportLead(String(file.lead.email));
    await audit(c, 'export-rgpd', String(file.lead.id), 'droit d’accès : export JSON');
    c.header('Content-Disposition', `attachment; filename="donnees-${String(file.lead.id).slice(0, 8)}-${today()}.json"`);
    return c.json({ exportedAt: edge.now().toISOString(), ...data, enrolments: file.enrolments });
  });

  app.post('/admin/leads/:id/effacer', async (c) => {
    const v = viewerOf(c);
    if (!can(v.user.role, 'erase')) {
      await forbid(c, deps, 'effacement', v.user.role);
      return refusal(c, 403, 'Action réservée', 'L’effacement des données (RGPD) est réservé à l’administration : demandez-le à un compte administrateur.');
    }
    const file = await leadOr404(c);
    if (!file) return refusal(c, 404, 'Lead introuvable', 'Ce lead n’existe pas ou a déjà été effacé.');
    if (formOf(c).confirmer !== 'EFFACER') throw new BadInput('Confirmation', 'tapez EFFACER en majuscules pour confirmer l’effacement');
    const email = String(file.lead.email);
    const jobs = file.emails.map((j) => String(j.id));
    await edge.store.eraseLead(email, await emailHash(email), edge.now().toISOString());
    await edge.afterErase?.(jobs);
    await audit(c, 'effacement', String(file.lead.id), `données effacées (${file.events.length} demandes, ${jobs.length} e-mails), adresse ajoutée à la liste d’exclusion`);
    return c.redirect('/admin/leads?fait=efface', 303);
  });

  // --- callback tasks --------------------------------------------------------------------------
  app.get('/admin/taches', async (c) => render(c, tasksPage(ctxOf(c), await store.tasks())));
  app.post('/admin/taches/:id', async (c) => {
    const id = c.req.param('id');
    const note = String(formOf(c).note ?? '').trim();
    if (note.length > 500) throw new BadInput('Note d’appel', '500 caractères au plus');
    if (!ID.test(id) || !(await store.completeTask(id, note || null, viewerOf(c).user.email, edge.now().toISOString()))) {
      return refusal(c, 409, 'Rappel déjà fait', 'Ce rappel n’existe pas ou a déjà été marqué fait.');
    }
    await audit(c, 'rappel-fait', id, note ? 'avec une note d’appel' : 'sans note');
    return c.redirect('/admin/taches?fait=tache', 303);
  });

  // --- WhatsApp conversations ------------------------------------------------------------------
  const WA_ID = /^\d{5,20}$/;
  const waFileOr404 = async (c: Context) => {
    const waId = c.req.param('wa') ?? '';
    return WA_ID.test(waId) ? store.whatsappFile(waId) : null;
  };
  const noConversation = (c: Context) => refusal(c, 404, 'Conversation introuvable', 'Cette conversation WhatsApp n’existe pas ou a été effacée.');
  app.get('/admin/whatsapp', async (c) => render(c, whatsappListPage(ctxOf(c), await store.whatsappContacts())));
  app.get('/admin/whatsapp/:wa', async (c) => {
    const file = await waFileOr404(c);
    return file ? render(c, whatsappPage(ctxOf(c), file)) : noConversation(c);
  });
  app.post('/admin/whatsapp/:wa/rattacher', async (c) => {
    const file = await waFileOr404(c);
    if (!file) return noConversation(c);
    const raw = String(formOf(c).email ?? '').trim();
    const waId = String(file.contact.wa_id);
    if (!raw) {
      await store.linkWhatsapp(waId, null);
      await audit(c, 'whatsapp-detache', `…${waId.slice(-4)}`, file.lead ? `détachée du lead ${String(file.lead.id)}` : null);
      return c.redirect(`/admin/whatsapp/${waId}?fait=detache`, 303);
    }
    const email = normalizeEmail(raw);
    if (!EMAIL.test(email)) throw new BadInput('E-mail du lead', 'adresse e-mail attendue');
    const lead = await edge.store.findLeadByEmail(email);
    if (!lead || lead.pending) throw new BadInput('E-mail du lead', 'aucun lead avec cette adresse');
    await store.linkWhatsapp(waId, lead.id);
    await audit(c, 'whatsapp-rattache', `…${waId.slice(-4)}`, `rattachée au lead ${lead.id}`);
    return c.redirect(`/admin/whatsapp/${waId}?fait=rattache`, 303);
  });
  app.post('/admin/whatsapp/:wa/export', async (c) => {
    const file = await waFileOr404(c);
    if (!file) return noConversation(c);
    // Never the number in the log (it outlives an erasure): its last four digits.
    await audit(c, 'export-rgpd-whatsapp', `…${String(file.contact.wa_id).slice(-4)}`, 'droit d’accès : export JSON de la conversation');
    c.header('Content-Disposition', `attachment; filename="whatsapp-${String(file.contact.wa_id).slice(-4)}-${today()}.json"`);
    return c.json({ exportedAt: edge.now().toISOString(), ...whatsappExport(file) });
  });
  app.post('/admin/whatsapp/:wa/effacer', async (c) => {
    const v = viewerOf(c);
    if (!can(v.user.role, 'erase')) {
      await forbid(c, deps, 'effacement-whatsapp', v.user.role);
      return refusal(c, 403, 'Action réservée', 'L’effacement des données (RGPD) est réservé à l’administration : demandez-le à un compte administrateur.');
    }
    const file = await waFileOr404(c);
    if (!file) return noConversation(c);
    if (formOf(c).confirmer !== 'EFFACER') throw new BadInput('Confirmation', 'tapez EFFACER en majuscules pour confirmer l’effacement');
    await store.eraseWhatsapp(String(file.contact.wa_id));
    await audit(c, 'effacement-whatsapp', `…${String(file.contact.wa_id).slice(-4)}`, `conversation effacée (${file.messages.length} messages, ${file.tasks.length} rappels)`);
    return c.redirect('/admin/whatsapp?fait=whatsapp-efface', 303);
  });

  // --- enrolments ------------------------------------------------------------------------------
  app.get('/admin/inscriptions', async (c) => {
    const period = parsePeriod(c.req.query('mois'), undefined, edge.now());
    return render(c, enrolmentsPage(ctxOf(c), await store.enrolments(period.fromDay, period.toDay), { label: period.label }));
  });
  app.post('/admin/inscriptions', async (c) => {
    const form = formOf(c);
    let leadId: string | null = null;
    if (typeof form.lead === 'string' && form.lead) {
      if (!ID.test(form.lead) || !(await store.leadFile(form.lead))) throw new BadInput('Lead', 'lead inconnu');
      leadId = form.lead;
    } else {
      const email = typeof form.email === 'string' ? normalizeEmail(form.email) : '';
      if (!EMAIL.test(email)) throw new BadInput('E-mail du lead', 'adresse e-mail attendue');
      const lead = await edge.store.findLeadByEmail(email);
      if (!lead) throw new BadInput('E-mail du lead', 'aucun lead avec cette adresse (il doit d’abord faire une demande sur le site)');
      leadId = lead.id;
    }
    const training = typeof form.training === 'string' && form.training ? form.training : null;
    if (training && !edge.knownTrainings.has(training)) throw new BadInput('Formation', 'formation inconnue');
    const amount = parseAmount(form.amount);
    const now = edge.now();
    const date = parseEnrolmentDay(form.date, now);
    // The lead's referral code by default; a code told to an adviser; or none (src/console/enrolments.ts).
    const typed = typeof form.parrainage === 'string' ? form.parrainage.trim() : '';
    const referral: ReferralChoice = form.sans_parrainage === '1' ? { mode: 'none' } : typed ? { mode: 'code', code: typed } : { mode: 'lead' };
    const recorded = await recordEnrolment({ console: store, partners: edge.partners, automation: edge.automation }, { leadId, training, amountEur: amount, enrolledOn: date, referral, by: viewerOf(c).user.email, now });
    const partnerNote = recorded.code ? `, ${REFERRAL_FIELD.toLowerCase()} ${recorded.code}` : recorded.skipped ? `, ${recorded.skipped}` : '';
    await audit(c, 'inscription', leadId, `${amount} € le ${date}${training ? ` (${training})` : ''}${partnerNote} [${recorded.id}]`);
    return c.redirect(typeof form.lead === 'string' && form.lead ? `/admin/leads/${leadId}?fait=inscription` : '/admin/inscriptions?fait=inscription', 303);
  });
  app.post('/admin/inscriptions/:id/annuler', async (c) => {
    const id = c.req.param('id');
    // The day the cancellation (or withdrawal) was notified, today by default: within the
    // withdrawal window it reverses a partner's commission (src/marketing/commissions.ts).
    const typedDay = String(formOf(c).date ?? '').trim();
    const on = typedDay ? parseEnrolmentDay(typedDay, edge.now(), 'Date d’annulation') : today();
    if (on > today()) throw new BadInput('Date d’annulation', 'date passée ou du jour attendue');
    const [enrolment] = ID.test(id) ? await store.enrolmentById(id) : [];
    if (enrolment && on < String(enrolment.enrolled_on)) throw new BadInput('Date d’annulation', `date à partir du jour de l’inscription (${String(enrolment.enrolled_on)}) attendue`);
    if (!ID.test(id) || !(await store.cancelEnrolment(id, on))) return refusal(c, 409, 'Inscription déjà annulée', 'Cette inscription n’existe pas ou a déjà été annulée.');
    await audit(c, 'annulation-inscription', id, `le ${on}`);
    return c.redirect('/admin/inscriptions?fait=annulation', 303);
  });

  // --- webinars --------------------------------------------------------------------------------
  app.get('/admin/webinaires', async (c) => {
    const rows = edge.automation ? await edge.automation.seats.registrations() : [];
    const now = edge.now().getTime();
    // The sessions of the last 60 days and the coming ones, the most recent first.
    const events = (edge.rules.webinarEvents ?? [])
      .filter((w) => new Date(w.startsAt).getTime() > now - 60 * 86_400_000)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, 12)
      .map((w) => ({ slug: w.slug, title: w.title, startsAt: w.startsAt, capacity: w.capacity, rows: rows.filter((r) => r.webinar === w.slug) }));
    return render(c, webinarsPage(ctxOf(c), events));
  });
  app.post('/admin/webinaires/presence', async (c) => {
    const form = formOf(c);
    if (!edge.automation) return refusal(c, 409, 'Automatisation absente', 'Le moteur d’automatisation n’est pas configuré.');
    if (typeof form.webinar !== 'string' || !edge.knownWebinars.has(form.webinar)) throw new BadInput('Webinaire', 'webinaire inconnu');
    if (typeof form.lead !== 'string' || !ID.test(form.lead)) throw new BadInput('Lead', 'identifiant de lead attendu');
    if (form.presence !== 'present' && form.presence !== 'absent') throw new BadInput('Présence', 'present ou absent attendu');
    const ok = await edge.automation.seats.attendance(form.webinar, form.lead, form.presence === 'present', edge.now());
    if (!ok) return refusal(c, 409, 'Inscription introuvable', 'Cette personne n’a pas de place à ce webinaire (liste d’attente ou annulée).');
    await audit(c, 'presence-webinaire', form.lead, `${form.webinar} : ${form.presence}`);
    return c.redirect('/admin/webinaires?fait=presence', 303);
  });

  // --- KPIs, spend, audience, experiments ------------------------------------------------------
  app.get('/admin/kpi', async (c) => {
    const period = parsePeriod(c.req.query('mois'), c.req.query('annee'), edge.now());
    return render(c, kpiPage(ctxOf(c), await loadKpiReport(edge, store, period), period));
  });
  app.post('/admin/depenses', async (c) => {
    const form = formOf(c);
    const month = String(form.mois ?? '');
    if (!MONTH.test(month)) throw new BadInput('Mois', 'mois attendu au format AAAA-MM');
    const campaigns = [...marketing.campaigns.googleAds, ...marketing.campaigns.special];
    if (!campaigns.some((x) => x.key === form.campagne)) throw new BadInput('Campagne', `campagne de campaigns.yaml attendue (${campaigns.map((x) => x.key).join(', ')})`);
    const amountText = String(form.montant ?? '').replace(/\s/g, '').replace(',', '.');
    if (!/^\d{1,7}(\.\d{1,2})?$/.test(amountText) || Number(amountText) > 1_000_000) throw new BadInput('Montant dépensé (€)', 'montant en euros attendu, de 0 à 1 000 000');
    await store.setSpend({ month, campaign: String(form.campagne), amountEur: Number(amountText), by: viewerOf(c).user.email, now: edge.now().toISOString() });
    await audit(c, 'depense', `${form.campagne} ${month}`, `${amountText} €`);
    return c.redirect(`/admin/kpi?mois=${month}&fait=depense`, 303);
  });
  // Google Ads' click-conversion import file (src/marketing/ads-conversions.ts), audited like the CSV export.
  app.get('/admin/conversions-google-ads.csv', async (c) => {
    const raw = c.req.query('jours') ?? '30';
    if (!/^[1-9]\d{0,2}$/.test(raw) || Number(raw) > 365) throw new BadInput('jours', 'nombre de jours attendu, de 1 à 365');
    const days = Number(raw);
    const names = conversionNames(marketing);
    const result = await loadAdsConversions(store, names, edge.now(), days);
    const leads = result.conversions.filter((x) => x.kind === 'lead').length;
    await audit(c, 'export-conversions-google-ads', '/admin/conversions-google-ads.csv', `${leads} leads et ${result.conversions.length - leads} inscriptions sur ${days} jours${result.iosOnly ? ` (${result.iosOnly} clics iOS sans gclid non listés)` : ''}`);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="conversions-google-ads-${today()}.csv"`);
    return c.body(result.csv);
  });
  app.get('/admin/audience', async (c) => {
    const period = parsePeriod(c.req.query('mois'), c.req.query('annee'), edge.now());
    return render(c, audiencePage(ctxOf(c), await loadAudience(store, period, today()), period));
  });
  app.get('/admin/experiences', async (c) => {
    const results = experimentResults(marketing.experiments, edge.rules.emails, {
      ab: await store.abCounts(),
      email: edge.automation ? await edge.automation.experimentStats() : [],
    });
    return render(c, experimentsPage(ctxOf(c), results));
  });

  app.get('/admin/assistant', async (c) => {
    const days = 30;
    return render(c, assistantPage(ctxOf(c), await store.unansweredQuestions(parisDay(new Date(edge.now().getTime() - days * 86_400_000))), days));
  });

  // --- the social calendar ---------------------------------------------------------------------
  const socialRange = (c: Context) => {
    const du = c.req.query('du');
    const from = du ? validDay(du, 'du') : weekStart(today());
    const now = edge.now().getTime();
    if (from < parisDay(new Date(now - 366 * 86_400_000)) || from > parisDay(new Date(now + 2 * 366 * 86_400_000))) throw new BadInput('du', 'date entre l’an dernier et dans deux ans attendue');
    const semaines = c.req.query('semaines') ?? '8';
    if (!/^\d{1,2}$/.test(semaines) || Number(semaines) < 1 || Number(semaines) > 26) throw new BadInput('semaines', 'nombre entier de 1 à 26 attendu');
    return { from, weeks: Number(semaines) };
  };
  app.get('/admin/reseaux-sociaux', async (c) => {
    const { from, weeks } = socialRange(c);
    const input = calendarInput(edge.rules);
    const published = input.sources.articles
      .filter((a) => !a.draft && a.publishDate <= today())
      .sort((a, b) => b.publishDate.localeCompare(a.publishDate))
      .map((a) => shareKit(input, a.slug))
      .filter((k): k is ShareKit => k !== null);
    // The images exist once a build has run on or after the article's day (the daily rebuild):
    // asked of the static assets, so the page never shows a broken image.
    const kits = await Promise.all(published.map(async (k) => ({ ...k, built: (await edge.assets.fetch(new Request(new URL(k.images[0]!.path, c.req.url), { method: 'HEAD' }))).ok })));
    const origin = edge.publicOrigin ?? new URL(c.req.url).origin;
    return render(c, socialPage(ctxOf(c), { from, weeks, posts: socialCalendar(input, from, weeks), feedUrl: `${origin}${await socialFeedPath(edge.secrets)}`, feedWeeks: FEED_WEEKS, kits }));
  });
  app.get('/admin/reseaux-sociaux.ics', (c) => {
    const { from, weeks } = socialRange(c);
    return icsResponse(c, edge, from, weeks, 'attachment');
  });

  // --- own password ----------------------------------------------------------------------------
  app.get('/admin/mot-de-passe', (c) => render(c, passwordPage(ctxOf(c))));
  app.post('/admin/mot-de-passe', async (c) => {
    const form = formOf(c);
    const v = viewerOf(c);
    if (!(await verifyPassword(String(form.actuel ?? ''), v.user.passwordHash))) {
      await audit(c, 'mot-de-passe', v.user.email, 'mot de passe actuel incorrect', 'refused');
      return render(c, passwordPage(ctxOf(c, { kind: 'error', text: 'Mot de passe actuel : incorrect.' })), 422);
    }
    const fresh = String(form.nouveau ?? '');
    const problem = passwordProblem(fresh, v.user.email);
    if (problem) return render(c, passwordPage(ctxOf(c, { kind: 'error', text: `Nouveau mot de passe : ${problem}` })), 422);
    if (fresh !== form.confirmation) return render(c, passwordPage(ctxOf(c, { kind: 'error', text: 'Confirmation : les deux mots de passe diffèrent.' })), 422);
    await store.setPassword(v.user.id, await hashPassword(fresh), v.tokenHash);
    await audit(c, 'mot-de-passe', v.user.email, 'mot de passe changé');
    return c.redirect('/admin/?fait=mot-de-passe', 303);
  });

  // --- accounts and the audit log (admin) ------------------------------------------------------
  const adminOnly = async (c: Context, action: string) => {
    const v = viewerOf(c);
    if (can(v.user.role, 'manage-users')) return null;
    await forbid(c, deps, action, v.user.role);
    return refusal(c, 403, 'Action réservée', 'Cette page est réservée à l’administration.');
  };
  const usersList = async () => (await store.listUsers()).map(({ id, email, role, disabledAt, lastLoginAt }) => ({ id, email, role, disabledAt, lastLoginAt }));
  app.get('/admin/utilisateurs', async (c) => (await adminOnly(c, 'comptes')) ?? render(c, usersPage(ctxOf(c), await usersList())));
  app.post('/admin/utilisateurs', async (c) => {
    const refused = await adminOnly(c, 'creation-compte');
    if (refused) return refused;
    const form = formOf(c);
    const email = normalizeEmail(String(form.email ?? ''));
    const error = (text: string) => usersList().then((users) => render(c, usersPage(ctxOf(c, { kind: 'error', text }), users), 422));
    if (!EMAIL.test(email)) return error('E-mail : adresse e-mail attendue.');
    if (!ROLES.includes(form.role as Role)) return error('Rôle : administration ou équipe commerciale attendu.');
    const problem = passwordProblem(String(form.password ?? ''), email);
    if (problem) return error(`Mot de passe provisoire : ${problem}`);
    if (await store.findUserByEmail(email)) return error('E-mail : un compte existe déjà avec cette adresse.');
    await store.createUser({ email, role: form.role as Role, passwordHash: await hashPassword(String(form.password)), now: edge.now().toISOString() });
    await audit(c, 'creation-compte', email, `rôle ${form.role}`);
    return c.redirect('/admin/utilisateurs?fait=compte', 303);
  });
  app.post('/admin/utilisateurs/:id/desactiver', async (c) => {
    const refused = await adminOnly(c, 'desactivation-compte');
    if (refused) return refused;
    const id = c.req.param('id');
    const user = ID.test(id) ? await store.findUserById(id) : null;
    if (!user) return refusal(c, 404, 'Compte introuvable', 'Ce compte n’existe pas.');
    if (user.id === viewerOf(c).user.id) return refusal(c, 409, 'Action impossible', 'Vous ne pouvez pas désactiver votre propre compte.');
    await store.disableUser(user.id, edge.now().toISOString());
    await audit(c, 'desactivation-compte', user.email, null);
    return c.redirect('/admin/utilisateurs?fait=desactive', 303);
  });
  app.get('/admin/journal', async (c) => {
    const refused = await adminOnly(c, 'journal');
    if (refused) return refused;
    const page = Number(/^[1-9]\d{0,4}$/.test(c.req.query('page') ?? '') ? c.req.query('page') : 1);
    return render(c, journalPage(ctxOf(c), await store.auditLog(PAGE_SIZE * 4, (page - 1) * PAGE_SIZE * 4)));
  });

  registerPartnerRoutes(app, edge, { render, ctxOf, audit, refusal, forbid: (c, action) => forbid(c, deps, action, viewerOf(c).user.role) });
  // --- the site at another date: the dated campaigns' preview -----------------------------------
  campaignPreviewRoutes(app, { edge, render, audit });

  app.all('/admin/*', (c) => refusal(c, 404, 'Page introuvable', 'Cette page de la console n’existe pas.'));
  return app;
}

/** A touch as the console CSV's French columns (`<prefix>_le`, `<prefix>_source`, …), empty cells when there is none. */
function touchCells(prefix: string, t: Touch | null): Record<string, string | null> {
  return {
    [`${prefix}_le`]: t?.at || null,
    [`${prefix}_source`]: t ? touchSource(t) : null,
    [`${prefix}_support`]: t ? touchMedium(t) : null,
    [`${prefix}_campagne`]: t?.utm_campaign ?? null,
    [`${prefix}_contenu`]: t?.utm_content ?? null,
    [`${prefix}_mot_cle`]: t?.utm_term ?? null,
    [`${prefix}_gclid`]: t?.gclid ?? null,
    [`${prefix}_gbraid`]: t?.gbraid ?? null,
    [`${prefix}_wbraid`]: t?.wbraid ?? null,
    [`${prefix}_page_arrivee`]: t ? (t.entryPage ?? t.landingPage ?? null) : null,
    [`${prefix}_page_formulaire`]: t?.landingPage ?? null,
    [`${prefix}_referent`]: t?.referrer ?? null,
  };
}

function parseJson(raw: unknown): Record<string, string> {
  try {
    const v = raw ? (JSON.parse(String(raw)) as unknown) : {};
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

