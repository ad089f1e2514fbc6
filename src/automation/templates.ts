// E-mail templates: what src/automation/compile-emails.ts makes of content/emails/<sequence>/<step>.mdx,
// and how one is personalised for one lead (subject, HTML and plain-text parts, headers).
//
// Pure module: no node:* import. It runs in Node and in workerd (the Worker gets the compiled
// templates in src/edge/generated/rules.json).

import { frenchText } from '../lib/typography';

export interface EmailTemplate {
  /** '<folder>/<step>', e.g. 'welcome/07-offre'. */
  key: string;
  folder: string;
  file: string;
  subject: string;
  preheader: string;
  /** Sequences: day of sending, 1 = the day of the trigger. */
  day: number | null;
  /** Workflow e-mails: hours after the trigger. */
  delayHours: number | null;
  /** Only leads of these segments get it (null: everybody). */
  segments: string[] | null;
  /** Broadcasts: when it goes out (ISO with offset) and to whom. */
  sendAt?: string | null;
  audience?: { lists: string[]; segments: string[] } | null;
  /** Key of an e-mail experiment of experiments.yaml whose variants replace the subject. */
  experiment: string | null;
  cta: { label: string; href: string };
  /** Body as HTML, with {{prenom}}, {{formation}} and {{link:N}} placeholders. */
  html: string;
  /** Body as plain text, same placeholders. */
  text: string;
  /** Targets of {{link:N}}: site paths, absolute URLs, or 'formation'. */
  links: string[];
}

export interface Personalisation {
  firstName: string;
  /**
   * 'marketing' (consented advice and offers: unsubscribe link and List-Unsubscribe headers) or
   * 'transactional' (what the person asked for: the guide, a confirmation; sent whatever the
   * marketing box says, never capped, with the legal footer and no marketing unsubscribe).
   */
  kind?: 'marketing' | 'transactional';
  /** Targets of the special link names a template may use as cta.href (confirmation, guide…). */
  specialLinks?: Record<string, string>;
  /** Values of the template's own variables ({date_rappel}, {webinaire}…), as plain text. */
  vars?: Record<string, string>;
  /** Variables that stand for a whole block ({articles}): HTML and text, inserted as they are. */
  blocks?: Record<string, { html: string; text: string }>;
  /** Title of the lead's training, or null (« nos formations »). */
  trainingTitle: string | null;
  /** Path of the lead's training page, or null (/formations/). */
  trainingPath: string | null;
  subject: string;
  siteUrl: string;
  /** Tracked URL for a link target (already absolute). */
  track(url: string): string;
  /** Open pixel URL, only when the lead consented to open tracking. */
  openPixel: string | null;
  /** Marketing e-mails only. */
  unsubscribeUrl: string | null;
  /** Address of the school shown in the footer. */
  footerAddress: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Absolute URL of a link target for this lead. */
export function resolveTarget(target: string, p: Pick<Personalisation, 'siteUrl' | 'trainingPath' | 'specialLinks'>): string {
  const special = p.specialLinks?.[target];
  if (special) return special;
  const path = target === 'formation' ? (p.trainingPath ?? '/formations/') : target;
  return /^https?:\/\//.test(path) ? path : new URL(path, p.siteUrl).toString();
}

function fill(body: string, t: EmailTemplate, p: Personalisation, html: boolean): string {
  const esc = html ? escapeHtml : (s: string) => s;
  // Without a first name the greeting reads « Bonjour, » (not « Bonjour , »).
  let out = p.firstName ? body : body.replace(/Bonjour[ \u00a0\u202f]*\{\{prenom\}\}/g, 'Bonjour');
  for (const [name, block] of Object.entries(p.blocks ?? {})) {
    out = html ? out.replaceAll(`<p>{{${name}}}</p>`, block.html).replaceAll(`{{${name}}}`, block.html) : out.replaceAll(`{{${name}}}`, block.text);
  }
  for (const [name, value] of Object.entries(p.vars ?? {})) out = out.replaceAll(`{{${name}}}`, esc(value));
  return out
    .replaceAll('{{prenom}}', esc(p.firstName))
    .replaceAll('{{formation}}', esc(p.trainingTitle ?? 'nos formations'))
    .replace(/\{\{link:(\d+)\}\}/g, (_, i: string) => {
      const target = t.links[Number(i)]!;
      return esc(p.specialLinks?.[target] ?? p.track(resolveTarget(target, p)));
    });
}

const NAVY = '#0a1530';
const TEAL = '#0b6670';
const AMBER = '#f5a524';
const INK = '#4a5568';

/** A subject or preheader with its variables filled (plain text). */
export function fillLine(text: string, p: Pick<Personalisation, 'firstName' | 'trainingTitle' | 'vars'>): string {
  return text.replace(/\{\{([a-z_]+)\}\}/g, (whole, name: string) =>
    name === 'prenom' ? p.firstName : name === 'formation' ? (p.trainingTitle ?? 'nos formations') : (p.vars?.[name] ?? whole),
  );
}

/** The personalised e-mail: responsive single-column HTML (inline styles, tables) and its text part. */
export function renderEmail(t: EmailTemplate, p: Personalisation): RenderedEmail {
  const transactional = p.kind === 'transactional';
  const body = fill(t.html, t, p, true);
  const ctaTarget = resolveTarget(t.cta.href, p);
  // Special links (a confirmation, a download) go out as they are: they are the proof or the thing asked for.
  const ctaUrl = p.specialLinks?.[t.cta.href] ? ctaTarget : p.track(ctaTarget);
  const textBody = fill(t.text, t, p, false);
  const why = transactional
    ? 'Vous recevez cet e-mail à la suite d’une demande faite sur le site de MécaFormation avec cette adresse. Si vous n’en êtes pas à l’origine, ignorez-le : rien ne sera fait sans votre confirmation.'
    : 'Vous recevez cet e-mail parce que vous avez accepté de recevoir les conseils de MécaFormation.';
  const unsubscribeHtml = p.unsubscribeUrl ? `\n<a href="${escapeHtml(p.unsubscribeUrl)}" style="color:${TEAL};">Se désabonner en un clic</a>.` : '';
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">
<title>${escapeHtml(p.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f6fa;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(fillLine(t.preheader, p))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f6fa;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 28px;border-bottom:4px solid ${AMBER};font-family:Arial,Helvetica,sans-serif;font-size:24px;font-weight:800;color:${NAVY};">M<span style="color:${TEAL};">é</span>caFormation</td></tr>
<tr><td style="padding:24px 28px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.6;color:${NAVY};">
${body}
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0;"><tr><td style="border-radius:6px;background:${AMBER};"><a href="${escapeHtml(ctaUrl)}" style="display:inline-block;padding:14px 24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:700;color:${NAVY};text-decoration:none;">${escapeHtml(t.cta.label)}</a></td></tr></table>
<p style="margin:0;">L’équipe MécaFormation</p>
</td></tr>
<tr><td style="padding:16px 28px 24px;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:1.5;color:${INK};border-top:1px solid #e6ebf4;">
${escapeHtml(frenchText(why))}${unsubscribeHtml}<br>${escapeHtml(p.footerAddress)}
</td></tr></table>
</td></tr></table>${p.openPixel ? `<img src="${escapeHtml(p.openPixel)}" width="1" height="1" alt="" style="display:block;border:0;">` : ''}
</body></html>`;
  const unsubscribeText = p.unsubscribeUrl ? `\nSe désabonner en un clic\u202f: ${p.unsubscribeUrl}` : '';
  const text = `${textBody}\n\n${t.cta.label}\u202f: ${ctaUrl}\n\nL’équipe MécaFormation\n\n--\n${frenchText(why)}${unsubscribeText}\n${p.footerAddress}\n`;
  return {
    subject: p.subject,
    html,
    text,
    headers: p.unsubscribeUrl
      ? {
          // RFC 8058: one-click unsubscribe by POST to the same URL; RFC 2369 for the link itself.
          'List-Unsubscribe': `<${p.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }
      : {},
  };
}
