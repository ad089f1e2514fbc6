// Lead forms: one zod schema per form kind, shared by the edge function (POST /api/leads) and the
// progressive enhancement of the forms in the browser. Field names and values match
// src/components/ui/LeadForm.astro exactly.
//
// Pure TypeScript on `zod/mini` (tree-shakable): no Node, Astro or DOM imports, small enough for a
// browser island (this module + zod/mini stays under 10 KB gzip, checked by the unit tests).
//
// Conventions
// - Input is a flat record of strings, as a form posts it. Empty or blank strings count as absent,
//   unknown fields are ignored (dropped from the result).
// - The result is flat too: attribution fields keep their form names (utm_source, ref, …).
// - Each failing field gets one French message that names the rule (the first rule that fails).
// - Attribution fields (utm_*, gclid, gbraid, wbraid, referrer, entryPage, landingPage) are hidden
//   fields filled from the landing URL (by the edge on the landing page, by the script after it): a
//   visitor cannot correct them, so an invalid value is dropped instead of blocking the form. The
//   output still satisfies their rules.
// - `ref` is the visible « Code de parrainage (facultatif) » field (pre-filled from a partner's
//   link, editable, clearable): a malformed code is an error the visitor can fix, and a valid one
//   comes out in its canonical form XXXX-XXXX (src/marketing/referral-code.ts). Whether the code
//   exists is the edge's check (src/edge/lead-capture.ts).

import * as z from 'zod/mini';
import { normalizeReferralCode, REFERRAL_CODE_EXAMPLE } from './referral-code';

// ---------------------------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------------------------

/**
 * `profile` is the optional follow-up form of a thank-you page (progressive profiling): the
 * details a short form did not ask, for a lead that exists already (src/edge/lead-capture.ts).
 * `partner` is an application to a partner programme (/parrainage/): not a prospective learner's
 * request (no learner questions, left out of the acquisition KPIs); the team answers it with the
 * convention and then adds the partner from the console.
 */
export const FORM_KINDS = ['guide', 'info', 'callback', 'webinar', 'newsletter', 'garage-quote', 'enrolment', 'profile', 'partner'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const SITUATIONS = ['first-job', 'employee-other-sector', 'job-seeker', 'automotive-employee', 'company'] as const;
export type Situation = (typeof SITUATIONS)[number];
/** What the form shows for each situation (also the advisers' notification). */
export const SITUATION_LABELS: Record<Situation, string> = {
  'first-job': 'Je cherche mon premier emploi',
  'employee-other-sector': 'Je travaille dans un autre secteur',
  'job-seeker': 'Je suis en recherche d’emploi',
  'automotive-employee': 'Déjà dans l’automobile',
  company: 'Je représente une entreprise',
};

export const AGE_BRACKETS = ['18-25', '26-30', '31-45', '46+'] as const;
export type AgeBracket = (typeof AGE_BRACKETS)[number];
export const AGE_BRACKET_LABELS: Record<AgeBracket, string> = { '18-25': '18 à 25 ans', '26-30': '26 à 30 ans', '31-45': '31 à 45 ans', '46+': '46 ans ou plus' };

// When a callback is wished: a module of its own, so that the assistant's script gets the slots
// without the form rules.
export { PREFERRED_TIMES, PREFERRED_TIME_HOURS, PREFERRED_TIME_LABELS, PREFERRED_TIME_ANY, preferredTimeText, type PreferredTime } from './preferred-times';
import { PREFERRED_TIMES, type PreferredTime } from './preferred-times';

export const COMPANY_SIZES = ['1-3', '4-8', '9+'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];
export const COMPANY_SIZE_LABELS: Record<CompanySize, string> = { '1-3': '1 à 3', '4-8': '4 à 8', '9+': '9 ou plus' };

/** The 18 regions offered by the forms, spelled as the form sends them. */
export const REGIONS = [
  'Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est',
  'Hauts-de-France', 'Île-de-France', 'Normandie', 'Nouvelle-Aquitaine', 'Occitanie', 'Pays de la Loire',
  'Provence-Alpes-Côte d’Azur', 'Guadeloupe', 'Guyane', 'La Réunion', 'Martinique', 'Mayotte',
] as const;
export type Region = (typeof REGIONS)[number];

/** Slug of a region name, as used by the marketing rules: `Île-de-France` → `ile-de-france`. */
export function regionSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export { ATTRIBUTION_FIELDS, type AttributionField } from './attribution-fields';

// ---------------------------------------------------------------------------------------------
// The lead
// ---------------------------------------------------------------------------------------------

/** A validated, normalised submission of one of the lead forms. */
export interface Lead {
  kind: FormKind;
  /** Required on every form but the profile follow-up (the lead has one already). */
  firstName?: string;
  lastName?: string;
  /** Trimmed and lowercased: the unique key of a lead. */
  email: string;
  /** E.164, e.g. +33612345678. */
  phone?: string;
  situation?: Situation;
  ageBracket?: AgeBracket;
  birthYear?: number;
  region?: Region;
  /** Slug of a known training. */
  training?: string;
  /** Slug of a known webinar (kind webinar only). */
  webinar?: string;
  message?: string;
  /** When a callback is wished (kind callback only); absent: as soon as possible. */
  preferredTime?: PreferredTime;
  /** Garage name (kind garage-quote only). */
  company?: string;
  /** Key of a partner programme of affiliates.yaml (kind partner only). */
  programme?: string;
  companySize?: CompanySize;
  /** True only when the box was ticked (value "yes"). */
  consentMarketing: boolean;
  /** True only when the engagement-tracking box was ticked (opens of our e-mails, visits of the site). */
  consentTracking: boolean;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  gclid?: string;
  /** Google Ads click ids of iOS app (gbraid) and web (wbraid) campaigns, when gclid is not set. */
  gbraid?: string;
  wbraid?: string;
  /** Referral code (the visible field), canonical: XXXX-XXXX. */
  ref?: string;
  /** Absolute http(s) URL of the page before the landing page. */
  referrer?: string;
  /** Path of the first page of the visit (the ad's or search result's landing page), from the script. */
  entryPage?: string;
  /** Path of the page the form was on, starting with "/". */
  landingPage?: string;
  /** Honeypot, passed through untouched: the server decides. */
  website?: string;
  /** Idempotency and timestamp token issued with the form. */
  formToken?: string;
}

export type LeadField = keyof Lead;

export interface LeadContext {
  /** Slugs of the published trainings. */
  knownTrainings: ReadonlySet<string>;
  /** Slugs of the webinars open for registration. */
  knownWebinars: ReadonlySet<string>;
  /** Keys of the partner programmes (affiliates.yaml); none: the partner form is refused. */
  knownProgrammes?: ReadonlySet<string>;
  /** Reference date for the age computed from the birth year (default: now). */
  now?: Date;
}

export type ParseLeadResult = { ok: true; lead: Lead } | { ok: false; errors: Record<string, string> };

/** French label of every field, as the forms show it (used by the no-JavaScript error page). */
export const FIELD_LABELS: Record<LeadField, string> = {
  kind: 'Type de demande',
  firstName: 'Prénom',
  lastName: 'Nom',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
  situation: 'Votre situation',
  ageBracket: 'Votre âge',
  birthYear: 'Année de naissance',
  region: 'Votre région',
  training: 'Formation qui vous intéresse',
  webinar: 'Webinaire',
  message: 'Votre question',
  preferredTime: 'Moment préféré pour l’appel',
  company: 'Nom du garage',
  companySize: 'Nombre de personnes à former',
  programme: 'Programme qui vous intéresse',
  consentMarketing: 'Accord pour recevoir les conseils et offres par e-mail',
  consentTracking: 'Accord pour la mesure personnalisée des ouvertures et des visites',
  utm_source: 'Source de la campagne (utm_source)',
  utm_medium: 'Support de la campagne (utm_medium)',
  utm_campaign: 'Nom de la campagne (utm_campaign)',
  utm_term: 'Mot-clé de la campagne (utm_term)',
  utm_content: 'Contenu de la campagne (utm_content)',
  gclid: 'Identifiant de clic Google Ads (gclid)',
  gbraid: 'Identifiant de clic Google Ads sur application iOS (gbraid)',
  wbraid: 'Identifiant de clic Google Ads sur le Web depuis iOS (wbraid)',
  ref: 'Code de parrainage',
  referrer: 'Page de provenance',
  entryPage: 'Page d’arrivée sur le site',
  landingPage: 'Page du formulaire',
  website: 'Ne pas remplir',
  formToken: 'Jeton du formulaire',
};

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/** Trimmed and lowercased e-mail address (the unique key of a lead). */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

// Overseas departments keep the French 10-digit national numbering (0262…, 0692…) but have their own
// country code: national prefix (3 digits after the 0) → country code.
const OVERSEAS_PREFIXES: Record<string, string> = {
  '262': '262', '263': '262', '692': '262', '693': '262', // La Réunion
  '269': '262', '639': '262', // Mayotte
  '590': '590', '690': '590', '691': '590', // Guadeloupe, Saint-Martin, Saint-Barthélemy
  '594': '594', '694': '594', // Guyane
  '596': '596', '696': '596', '697': '596', // Martinique
};

/**
 * A French phone number in E.164 (`+33612345678`), or null when it is not one.
 * Accepts 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, +33 6 12 34 56 78, +33 (0)6 12 34 56 78,
 * 0033612345678, and the overseas codes +262, +590, +594, +596, +269. National numbers of the
 * overseas departments (0692…, 0590…) get their own country code (+262692…, +590590…).
 * Note: +269 is accepted because the brief lists it, but today it is the Comoros' code; Mayotte
 * numbers are +262 269… / +262 639… (from 0269… / 0639…).
 */
export function normalizeFrenchPhone(raw: string): string | null {
  let s = raw.trim().replace(/\(0\)/g, '').replace(/[\s.\-/()]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (s.startsWith('+')) {
    const m = /^\+(33|262|590|594|596|269)0?([1-9]\d{8})$/.exec(s);
    if (!m) return null;
    if (m[1] !== '33') return `+${m[1]}${m[2]}`;
    s = `0${m[2]}`;
  }
  if (!/^0[1-9]\d{8}$/.test(s)) return null;
  return `+${OVERSEAS_PREFIXES[s.slice(1, 4)] ?? '33'}${s.slice(1)}`;
}

// ---------------------------------------------------------------------------------------------
// Messages (French, vouvoiement; U+202F before « : », U+2019 apostrophes)
// ---------------------------------------------------------------------------------------------

const INVALID = 'Cette valeur n’est pas valide.';
const LINKS = 'Retirez le lien\u202f: les liens ne sont pas acceptés dans ce champ.';
const MARKUP = 'Retirez les caractères < et >\u202f: ils ne sont pas acceptés dans ce champ.';
const DIGITS = 'Retirez les chiffres\u202f: un nom ou un prénom n’en contient pas.';
const PHONE = 'Ce numéro n’est pas reconnu\u202f: numéro de téléphone français attendu, par exemple 06 12 34 56 78.';
const REFERRAL = `Ce code de parrainage n’a pas la bonne forme\u202f: 8 lettres et chiffres, par exemple ${REFERRAL_CODE_EXAMPLE}. Vérifiez-le ou videz le champ.`;

// "http", "www." or "://" anywhere, or a domain followed by a path (bit.ly/x, exemple.com/offre).
const LINK_PATTERN = /https?|www\.|:\/\/|[a-z0-9-]\.[a-z]{2,}\//i;
const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)[a-z0-9_'+.-]*[a-z0-9_+-]@(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,}$/;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Error option of a schema: one message when the field is missing, another when its value is wrong. */
const missingOr = (missing: string, wrong = INVALID) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrong),
});

// ---------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------

// Characters that render as nothing or move text around: control characters (C0, C1), format
// characters (bidi overrides and isolates, zero-width spaces and joiners, BOM) and the line and
// paragraph separators U+2028/U+2029. In a name they would let someone forge paragraphs or reorder
// the words of an e-mail sent in that name (« Votre compte est suspendu, appelez le … »).
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** The same, newlines and tabs allowed (the message field, which e-mails render as plain text). */
const INVISIBLE_IN_MESSAGE = /(?![\n\r\t])[\p{Cc}\p{Cf}\u2028\u2029]/u;
const CONTROL = 'Retirez les caractères invisibles ou de mise en forme (retours à la ligne, caractères de contrôle ou de direction du texte)\u202f: ils ne sont pas acceptés dans ce champ.';

/** True when a one-line text holds no invisible or control character. */
export function isPlainLine(s: string): boolean {
  return !INVISIBLE.test(s);
}

/** A trimmed text of at most `max` characters; `name` fields refuse links and HTML; only a message keeps newlines. */
function text(missing: string, max: number, tooLong: string, name: boolean | 'person' = false, multiline = false) {
  const checks: z.core.$ZodCheck<string>[] = [
    z.refine((s: string) => !(multiline ? INVISIBLE_IN_MESSAGE : INVISIBLE).test(s), CONTROL),
    z.overwrite((s: string) => (multiline ? s.replace(/\r\n?/g, '\n') : s)),
    z.trim(),
    z.maxLength(max, tooLong),
  ];
  if (name) checks.push(z.refine((s: string) => !LINK_PATTERN.test(s), LINKS), z.refine((s: string) => !/[<>]/.test(s), MARKUP));
  // A person's name has no digits: a number in a name is a phone number someone wants in our e-mails.
  if (name === 'person') checks.push(z.refine((s: string) => !/\p{Nd}/u.test(s), DIGITS));
  return z.string(missingOr(missing)).check(...checks);
}

const firstName = text('Indiquez votre prénom.', 60, 'Votre prénom ne doit pas dépasser 60 caractères.', 'person');
const lastName = text('Indiquez votre nom.', 80, 'Votre nom ne doit pas dépasser 80 caractères.', 'person');
const email = z
  .string(missingOr('Indiquez votre adresse e-mail.'))
  .check(
    z.overwrite(normalizeEmail),
    z.maxLength(254, 'Cette adresse e-mail est trop longue (254 caractères au maximum).'),
    z.regex(EMAIL_PATTERN, 'Cette adresse e-mail n’est pas valide.'),
  );
const phone = z
  .string(missingOr('Indiquez votre numéro de téléphone.'))
  .check(
    z.refine((s: string) => normalizeFrenchPhone(s) !== null, PHONE),
    z.overwrite((s: string) => normalizeFrenchPhone(s) ?? s),
  );
const referralCode = z
  .string()
  .check(
    z.refine((s: string) => normalizeReferralCode(s) !== null, REFERRAL),
    z.overwrite((s: string) => normalizeReferralCode(s) ?? s),
  );
const situation = z.enum(SITUATIONS, missingOr('Indiquez votre situation.', 'Choisissez votre situation dans la liste.'));
const ageBracket = z.enum(AGE_BRACKETS, missingOr('', 'Choisissez une tranche d’âge dans la liste.'));
const preferredTime = z.enum(PREFERRED_TIMES, missingOr('', 'Choisissez un moment de la journée dans la liste.'));
const region = z.pipe(
  z.string(missingOr('', 'Choisissez une région dans la liste.')).check(
    z.refine((s: string) => REGIONS.some((r) => regionSlug(r) === regionSlug(s)), 'Choisissez une région dans la liste.'),
  ),
  z.transform((s: string) => REGIONS.find((r) => regionSlug(r) === regionSlug(s)) as Region),
);
const message = text('', 2000, 'Votre question ne doit pas dépasser 2\u202f000 caractères.', false, true);
const company = text('Indiquez le nom de votre garage.', 120, 'Le nom du garage ne doit pas dépasser 120 caractères.', true);
const companySize = z.enum(
  COMPANY_SIZES,
  missingOr('Indiquez le nombre de personnes à former.', 'Choisissez le nombre de personnes à former dans la liste.'),
);
const consentMarketing = z.pipe(
  z.optional(z.literal('yes', { error: 'La case d’accord pour les e-mails a reçu une valeur inattendue\u202f: cochez-la ou laissez-la vide.' })),
  z.transform((v: 'yes' | undefined) => v === 'yes'),
);
const consentTracking = z.pipe(
  z.optional(z.literal('yes', { error: 'La case d’accord pour la mesure d’audience personnalisée a reçu une valeur inattendue\u202f: cochez-la ou laissez-la vide.' })),
  z.transform((v: 'yes' | undefined) => v === 'yes'),
);
const formToken = z.string().check(z.maxLength(200, 'Ce formulaire n’est pas valide\u202f: rechargez la page, puis renvoyez-le.'));

const PROGRAMME_LIST = 'Choisissez un programme dans la liste.';

/** A known slug (training or webinar). */
const slugIn = (known: ReadonlySet<string>, missing: string, unknown: string) =>
  z.string(missingOr(missing)).check(z.trim(), z.refine((s: string) => SLUG_PATTERN.test(s) && known.has(s), unknown));

/** A 4-digit birth year giving an age between 15 and 99 in the reference year. */
const birthYear = (now?: Date) =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.regex(/^\d{4}$/, 'Indiquez votre année de naissance sur 4 chiffres, par exemple 1998.'),
      z.refine((s: string) => {
        const age = (now ?? new Date()).getFullYear() - Number(s);
        return !/^\d{4}$/.test(s) || (age >= 15 && age <= 99);
      }, 'Vérifiez votre année de naissance\u202f: elle doit correspondre à un âge de 15 à 99 ans.'),
    ),
    z.transform(Number),
  );

/** A hidden attribution field: an invalid value is dropped (undefined), never an error. */
const attribution = (valid: (s: string) => boolean) =>
  z.optional(z.pipe(z.string(), z.transform((s: string) => (valid(s.trim()) ? s.trim() : undefined))));
const utm = () => attribution((s) => s.length <= 200 && isPlainLine(s));

// ---------------------------------------------------------------------------------------------
// Schemas per kind
// ---------------------------------------------------------------------------------------------

/** Drops blank values: an empty field counts as absent. */
function dropBlank(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')));
}

/** The schema of one form kind. Its output is a `Lead`; unknown fields are dropped. */
export function createLeadSchema(kind: FormKind, context: LeadContext) {
  const phoneRequired = kind === 'callback' || kind === 'garage-quote';
  const phoneOptional = kind === 'info' || kind === 'enrolment' || kind === 'profile' || kind === 'partner';
  // The shortest forms: the guide (first name, e-mail, situation) and the callback (first name,
  // phone, e-mail, preferred time) ask the rest later, in the profile follow-up.
  const light = kind === 'guide' || kind === 'newsletter' || kind === 'callback' || kind === 'profile';
  const shape = {
    kind: z.literal(kind),
    firstName: kind === 'profile' ? z.optional(firstName) : firstName,
    lastName: light ? z.optional(lastName) : lastName,
    email,
    ...(phoneRequired ? { phone } : phoneOptional ? { phone: z.optional(phone) } : {}),
    situation: light || kind === 'garage-quote' || kind === 'partner' ? z.optional(situation) : situation,
    ...(kind === 'callback' ? { preferredTime: z.optional(preferredTime) } : {}),
    ageBracket: z.optional(ageBracket),
    birthYear: z.optional(birthYear(context.now)),
    region: z.optional(region),
    training: z.optional(slugIn(context.knownTrainings, '', 'Cette formation n’existe pas\u202f: choisissez-en une dans la liste.')),
    ...(kind === 'webinar'
      ? {
          webinar: slugIn(
            context.knownWebinars,
            'Indiquez le webinaire auquel vous souhaitez vous inscrire.',
            'Ce webinaire n’existe pas ou n’est plus ouvert aux inscriptions.',
          ),
        }
      : {}),
    message: z.optional(message),
    ...(kind === 'garage-quote' ? { company, companySize } : {}),
    ...(kind === 'partner'
      ? {
          programme: slugIn(context.knownProgrammes ?? new Set(), PROGRAMME_LIST, PROGRAMME_LIST),
        }
      : {}),
    consentMarketing,
    consentTracking,
    utm_source: utm(),
    utm_medium: utm(),
    utm_campaign: utm(),
    utm_term: utm(),
    utm_content: utm(),
    gclid: utm(),
    gbraid: utm(),
    wbraid: utm(),
    // A partner applicant is nobody's referral.
    ...(kind === 'partner' ? {} : { ref: z.optional(referralCode) }),
    referrer: attribution((s) => s.length <= 500 && isPlainLine(s) && /^https?:\/\/[^\s/?#]+\S*$/i.test(s)),
    entryPage: attribution((s) => s.length <= 500 && isPlainLine(s) && /^\/(?![/\\])[^\s\\]*$/.test(s)),
    landingPage: attribution((s) => s.length <= 500 && isPlainLine(s) && /^\/(?![/\\])[^\s\\]*$/.test(s)),
    website: z.optional(z.string()),
    formToken: z.optional(formToken),
  };
  return z.pipe(z.transform(dropBlank), z.object(shape));
}

/** One schema per form kind. */
export function createLeadSchemas(context: LeadContext): Record<FormKind, ReturnType<typeof createLeadSchema>> {
  return Object.fromEntries(FORM_KINDS.map((k) => [k, createLeadSchema(k, context)])) as Record<FormKind, ReturnType<typeof createLeadSchema>>;
}

export function isFormKind(value: unknown): value is FormKind {
  return (FORM_KINDS as readonly unknown[]).includes(value);
}

/**
 * Validates and normalises a form submission. On failure, `errors` maps each failing field to one
 * French message naming the rule; an unknown or missing kind gives `errors.kind` only.
 */
export function parseLead(input: Record<string, string | undefined>, context: LeadContext): ParseLeadResult {
  const kind = typeof input.kind === 'string' ? input.kind.trim() : '';
  if (!isFormKind(kind)) {
    return { ok: false, errors: { kind: kind ? 'Ce type de demande n’existe pas.' : 'Indiquez le type de demande.' } };
  }
  const result = z.safeParse(createLeadSchema(kind, context), { ...input, kind }, { error: () => INVALID });
  if (result.success) {
    // Dropped attribution values leave no `undefined` behind.
    const lead = Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined));
    return { ok: true, lead: lead as unknown as Lead };
  }
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message || INVALID;
  }
  return { ok: false, errors };
}
