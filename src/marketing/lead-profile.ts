// The facts about a lead that lead scoring (lead-scoring.yaml) and segmentation (segments.yaml)
// test, derived from what the forms collect.
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser.
//
// The criteria name fields of LEAD_FIELDS (config.ts). A fact is either exact (a string, a
// boolean, a number) or a range { min, max } when the forms only bound it (an age bracket, a
// birth year without a birthday, a number of people to train). A criterion on a range holds only
// when it holds for EVERY value of the range (see evaluateCriterion in scoring.ts): '26-30'
// satisfies « age ≤ 30 » and « age ≥ 18 », '31-45' satisfies « age > 30 », '18-25' does not
// satisfy « age < 25 ». An unknown fact (absent from the facts) never satisfies a criterion, not
// even « ne ».
import type { LeadField } from './config';
import { regionSlug, type AgeBracket, type CompanySize, type FormKind, type Situation } from './lead-forms';

export interface LeadProfile {
  /** Kind of the form that captured (or last updated) the lead. */
  kind: FormKind;
  ageBracket?: AgeBracket;
  birthYear?: number;
  situation?: Situation;
  /** French region name as the forms send it (e.g. 'Île-de-France'); its slug is accepted too. */
  region?: string;
  /** Garage quote form: « Nombre de personnes à former ». */
  companySize?: CompanySize;
  /** Last e-mail open: a date; null when the lead never opened one; undefined when not known. */
  lastOpenAt?: Date | null;
  createdAt: Date;
}

/** A bounded numeric fact: every value from min to max (inclusive) is possible. max may be Infinity. */
export interface FactRange {
  min: number;
  max: number;
}

export type FactValue = string | number | boolean | FactRange;

/** Known facts by criterion field; an absent field is unknown. */
export type LeadFacts = Partial<Record<LeadField, FactValue>>;

export function isRange(v: unknown): v is FactRange {
  return typeof v === 'object' && v !== null && typeof (v as FactRange).min === 'number' && typeof (v as FactRange).max === 'number';
}

const DAY_MS = 24 * 60 * 60 * 1000;

const AGE_BRACKET_RANGES: Record<AgeBracket, FactRange> = {
  '18-25': { min: 18, max: 25 },
  '26-30': { min: 26, max: 30 },
  '31-45': { min: 31, max: 45 },
  '46+': { min: 46, max: Infinity },
};

/**
 * The form asks for the number of people to TRAIN, which is at most the number of employees:
 * it bounds the size of the company from below only ('4-8' → at least 4 employees).
 */
const EMPLOYEE_RANGES: Record<CompanySize, FactRange> = {
  '1-3': { min: 1, max: Infinity },
  '4-8': { min: 4, max: Infinity },
  '9+': { min: 9, max: Infinity },
};

/**
 * Sector of the current job, from the situation. First-job seekers and job seekers have no current
 * job ('aucun'), which is a known fact: « emploi_actuel != automobile » holds for them. A company
 * contact answers for a garage: its sector is 'automobile'.
 */
const SECTOR: Record<Situation, string> = {
  'first-job': 'aucun',
  'job-seeker': 'aucun',
  'employee-other-sector': 'autre',
  'automotive-employee': 'automobile',
  company: 'automobile',
};

/**
 * Possible ages at `now`: from the birth year (the birthday is unknown: two possible ages), from
 * the bracket, or their intersection when both are given and agree (the birth year wins when they
 * contradict each other: it is the more precise answer).
 */
export function ageRange(profile: Pick<LeadProfile, 'ageBracket' | 'birthYear'>, now: Date): FactRange | undefined {
  const fromBracket = profile.ageBracket ? AGE_BRACKET_RANGES[profile.ageBracket] : undefined;
  const fromYear =
    profile.birthYear !== undefined && Number.isInteger(profile.birthYear)
      ? (() => {
          const years = now.getUTCFullYear() - profile.birthYear!;
          return { min: Math.max(0, years - 1), max: Math.max(0, years) };
        })()
      : undefined;
  if (fromYear && fromBracket) {
    const min = Math.max(fromYear.min, fromBracket.min);
    const max = Math.min(fromYear.max, fromBracket.max);
    return min <= max ? { min, max } : fromYear;
  }
  return fromYear ?? (fromBracket ? { ...fromBracket } : undefined);
}

/**
 * The criterion fields known about a lead at `now`:
 * - age: a range (see ageRange);
 * - firstJob, jobSeeker: from the situation (unknown without it);
 * - currentJobSector: 'automobile' | 'autre' | 'aucun' (see SECTOR);
 * - region: the slug of the region (ile-de-france);
 * - contactType: 'entreprise' for the garage form, a 'company' situation or a company size;
 *   'particulier' when another situation is given; unknown otherwise (guide or newsletter form
 *   without a situation);
 * - employees: a range from the number of people to train (see EMPLOYEE_RANGES);
 * - daysSinceLastEmailOpen: whole days since the last open; when the lead never opened an e-mail
 *   (lastOpenAt null), whole days since the lead was created; unknown when lastOpenAt is undefined.
 * Event fields (path, sessionSeconds) are never profile facts: scoring adds them per event.
 */
export function profileFacts(profile: LeadProfile, now: Date): LeadFacts {
  const facts: LeadFacts = {};

  const age = ageRange(profile, now);
  if (age) facts.age = age;

  if (profile.situation) {
    facts.firstJob = profile.situation === 'first-job';
    facts.jobSeeker = profile.situation === 'job-seeker';
    facts.currentJobSector = SECTOR[profile.situation];
  }

  if (profile.region && profile.region.trim() !== '') facts.region = regionSlug(profile.region);

  if (profile.kind === 'garage-quote' || profile.situation === 'company' || profile.companySize) facts.contactType = 'entreprise';
  else if (profile.situation) facts.contactType = 'particulier';

  if (profile.companySize) facts.employees = { ...EMPLOYEE_RANGES[profile.companySize] };

  if (profile.lastOpenAt !== undefined) {
    const since = profile.lastOpenAt ?? profile.createdAt;
    const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
    if (Number.isFinite(days)) facts.daysSinceLastEmailOpen = Math.max(0, days);
  }

  return facts;
}
