// A new partner as the team types it (console form or `npm run partners -- add`): each odd value
// is a BadInput naming the field and the rule (the console answers 422, the CLI exits 2).
import { BadInput } from '../console/errors';
import { isPlainLine, normalizeEmail, normalizeFrenchPhone } from '../marketing/lead-forms';
import type { Marketing } from '../marketing/config';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** The CLI's short names of the programmes of affiliates.yaml. */
export const PROGRAMME_ALIASES: Record<string, string> = {
  alumni: 'ambassadeurs-alumni',
  garage: 'partenaires-garages',
  influencer: 'influenceurs-auto',
};

export interface PartnerInput {
  programme: string;
  name: string;
  email: string;
  phone: string | null;
}

export function parsePartnerInput(raw: { programme?: unknown; name?: unknown; email?: unknown; phone?: unknown }, marketing: Marketing): PartnerInput {
  const keys = marketing.affiliates.map((a) => a.key);
  const programme = typeof raw.programme === 'string' ? (PROGRAMME_ALIASES[raw.programme] ?? raw.programme) : '';
  if (!keys.includes(programme)) throw new BadInput('Programme', `programme de affiliates.yaml attendu (${keys.join(', ')}, ou alumni, garage, influencer)`);
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name.length < 2 || name.length > 120) throw new BadInput('Nom', 'de 2 à 120 caractères');
  if (!isPlainLine(name) || /[<>]/.test(name) || /https?:|www\.|:\/\//i.test(name)) throw new BadInput('Nom', 'texte sur une ligne, sans lien ni caractères < >');
  const email = typeof raw.email === 'string' ? normalizeEmail(raw.email) : '';
  if (!EMAIL.test(email) || email.length > 254) throw new BadInput('E-mail', 'adresse e-mail attendue');
  const typed = typeof raw.phone === 'string' ? raw.phone.trim() : '';
  const phone = typed ? normalizeFrenchPhone(typed) : null;
  if (typed && !phone) throw new BadInput('Téléphone', 'numéro de téléphone français attendu, par exemple 06 12 34 56 78');
  return { programme, name, email, phone };
}
