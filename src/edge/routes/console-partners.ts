// The console's « Partenaires » routes, registered by consoleRoutes behind its session and CSRF
// guard: the list, adding a partner (admin and sales), disabling a code (admin only: it stops a
// partner's future commissions), a partner's statement for a year or a month, and its CSV
// (audited: it is sent outside). Odd input is a BadInput (422 naming the field).
import type { Context, Hono } from 'hono';
import type { Edge } from '../deps';
import type { Html } from '../../console/layout';
import type { PageContext } from '../../console/pages';
import { BadInput } from '../../console/errors';
import { can } from '../../console/auth';
import { formOf, viewerOf } from '../../console/session';
import { parsePeriod } from '../../console/kpi-data';
import { applicationOf, partnerPage, partnersPage, type UnknownReferral } from '../../console/partner-pages';
import { parsePartnerInput } from '../../partners/input';
import { partnerStatement, programmeOf, statementCsv } from '../../partners/statement';
import { partnerSpacePath, partnerSpaceToken } from '../../partners/space';
import { referralPath } from '../../marketing/referral-code';
import { parisDay } from '../../lib/calendar';

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

export interface ConsoleTools {
  render(c: Context, page: Html, status?: Status): Promise<Response>;
  ctxOf(c: Context): PageContext;
  audit(c: Context, action: string, target: string | null, detail: string | null, outcome?: 'ok' | 'refused'): Promise<void>;
  refusal(c: Context, status: 400 | 401 | 403 | 404 | 409 | 422, title: string, message: string): Promise<Response>;
  forbid(c: Context, action: string): Promise<void>;
}

const ID = /^[\w-]{1,64}$/;

export function registerPartnerRoutes(app: Hono, edge: Edge, tools: ConsoleTools) {
  const partners = edge.partners;
  if (!partners) return;
  const marketing = edge.rules.marketing;
  const origin = (c: Context) => edge.publicOrigin ?? new URL(c.req.url).origin;

  /** The partner applications whose answer is not done (tasks of the partner-reply workflow). */
  const openApplications = async () => (await edge.console?.partnerApplications()) ?? [];

  /** Partner links that led to no active code in the last 30 days, with the partner of a disabled one. */
  const unknownReferrals = async (): Promise<UnknownReferral[]> => {
    const since = parisDay(new Date(edge.now().getTime() - 30 * 86_400_000));
    const rows = (await edge.console?.unknownReferrals(since)) ?? [];
    return Promise.all(
      rows.map(async (r) => {
        const partner = r.code.startsWith('(') ? null : await partners.findByCode(r.code);
        return {
          code: r.code,
          visits: Number(r.visits),
          lastDay: r.last_day,
          partner: partner ? { name: partner.name, id: partner.id, disabledAt: partner.disabledAt ?? null } : null,
        };
      }),
    );
  };

  app.get('/admin/partenaires', async (c) => {
    const year = parisDay(edge.now()).slice(0, 4);
    return tools.render(c, partnersPage(tools.ctxOf(c), await partners.listPartners(`${year}-01-01`, `${Number(year) + 1}-01-01`), year, await openApplications(), await unknownReferrals()));
  });

  app.post('/admin/partenaires', async (c) => {
    const form = formOf(c);
    // Created from an application (« Candidatures à traiter »): only its id is read from the form;
    // the programme, name, e-mail and phone are the application's own, read here.
    const candidature = form.candidature === undefined || form.candidature === '' ? null : form.candidature;
    if (candidature !== null && (typeof candidature !== 'string' || !ID.test(candidature))) throw new BadInput('Candidature', 'identifiant de candidature attendu');
    const application = candidature ? (await openApplications()).find((t) => t.id === candidature) : undefined;
    if (candidature && !application) {
      return tools.refusal(c, 409, 'Candidature déjà traitée', 'Cette candidature n’existe pas ou sa réponse a déjà été marquée faite : voyez la liste des partenaires.');
    }
    const said = application ? applicationOf(application) : {};
    const input = parsePartnerInput(
      application
        ? { programme: said.programme, name: `${said.firstName ?? application.first_name ?? ''} ${said.lastName ?? application.last_name ?? ''}`.trim().slice(0, 120).trim(), email: application.email, phone: said.phone ?? '' }
        : form,
      marketing,
    );
    const existing = await partners.findActiveByEmail(input.email);
    if (existing) throw new BadInput('E-mail', `un partenaire actif a déjà cette adresse (code ${existing.code}) : un seul code par personne`);
    const by = viewerOf(c).user.email;
    const now = edge.now().toISOString();
    // The application is claimed before the code is made: of two clicks at once, one creates it.
    if (candidature && !(await edge.console?.completeTask(candidature, 'partenaire en cours de création', by, now))) {
      return tools.refusal(c, 409, 'Candidature déjà traitée', 'Cette candidature vient d’être traitée par ailleurs : voyez la liste des partenaires.');
    }
    let partner: Awaited<ReturnType<typeof partners.addPartner>>;
    try {
      partner = await partners.addPartner({ ...input, by, now });
    } catch (error) {
      if (candidature) await edge.console?.reopenTask(candidature);
      throw error;
    }
    await tools.audit(c, 'partenaire-ajout', partner.code, `${input.programme} : ${input.name}${candidature ? ' (depuis sa candidature)' : ''}`);
    if (candidature) await edge.console?.noteTask(candidature, `partenaire ${partner.code} créé`);
    return c.redirect(`/admin/partenaires/${partner.id}?fait=partenaire`, 303);
  });

  const partnerOr404 = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    return ID.test(id) ? partners.findById(id) : null;
  };
  const periodOf = (c: Context) => parsePeriod(c.req.query('mois'), c.req.query('annee') ?? (c.req.query('mois') ? undefined : parisDay(edge.now()).slice(0, 4)), edge.now());

  app.get('/admin/partenaires/:id', async (c) => {
    const partner = await partnerOr404(c);
    if (!partner) return tools.refusal(c, 404, 'Partenaire introuvable', 'Ce partenaire n’existe pas.');
    const period = periodOf(c);
    const statement = await partnerStatement(partners, marketing, partner, { year: Number(period.key.slice(0, 4)), month: period.kind === 'month' ? Number(period.key.slice(5)) : null }, parisDay(edge.now()));
    const query = period.kind === 'month' ? `mois=${period.key}` : `annee=${period.key}`;
    return tools.render(
      c,
      partnerPage(tools.ctxOf(c), {
        partner,
        programme: programmeOf(marketing, partner.programme),
        statement,
        period,
        link: `${origin(c)}${referralPath(partner.code)}`,
        spaceLink: `${origin(c)}${partnerSpacePath(await partnerSpaceToken(edge.secrets.formSecret, partner.id))}`,
        csv: `/admin/partenaires/${partner.id}/releve.csv?${query}`,
      }),
    );
  });

  app.get('/admin/partenaires/:id/releve.csv', async (c) => {
    const partner = await partnerOr404(c);
    if (!partner) return tools.refusal(c, 404, 'Partenaire introuvable', 'Ce partenaire n’existe pas.');
    const period = periodOf(c);
    const statement = await partnerStatement(partners, marketing, partner, { year: Number(period.key.slice(0, 4)), month: period.kind === 'month' ? Number(period.key.slice(5)) : null }, parisDay(edge.now()));
    await tools.audit(c, 'releve-partenaire-csv', partner.code, `relevé ${period.key} : ${statement.lines.length} ligne(s)`);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="releve-${partner.code}-${period.key}.csv"`);
    return c.body(statementCsv(statement, edge.rules.trainingTitles));
  });

  app.post('/admin/partenaires/:id/desactiver', async (c) => {
    const v = viewerOf(c);
    if (!can(v.user.role, 'manage-users')) {
      await tools.forbid(c, 'desactivation-partenaire');
      return tools.refusal(c, 403, 'Action réservée', 'La désactivation d’un code de parrainage est réservée à l’administration : elle arrête les commissions futures du partenaire.');
    }
    const partner = await partnerOr404(c);
    if (!partner) return tools.refusal(c, 404, 'Partenaire introuvable', 'Ce partenaire n’existe pas.');
    if (!(await partners.disablePartner(partner.id, v.user.email, edge.now().toISOString()))) return tools.refusal(c, 409, 'Code déjà désactivé', `Le code ${partner.code} est déjà désactivé.`);
    await tools.audit(c, 'desactivation-partenaire', partner.code, partner.name);
    return c.redirect(`/admin/partenaires/${partner.id}?fait=partenaire-desactive`, 303);
  });
}
