// Cross-collection checks that Astro only logs: a reference to a missing entry (for example a
// testimonial naming an unknown training slug) must fail the build, naming the file and field.
// Also the offers' eligibility fields of the trainings against prices.yaml (src/lib/prices.ts).
import { getCollection, getEntry, type CollectionKey } from 'astro:content';
import { marketing } from './marketing';
import { checkTrainingPrices } from './prices';

interface Ref {
  collection: CollectionKey;
  id: string;
}

export class ContentIntegrityError extends Error {}

async function missing(ref: Ref): Promise<boolean> {
  return !(await getEntry(ref.collection, ref.id as never));
}

export async function checkReferences(): Promise<string[]> {
  const problems: string[] = [];
  const check = async (file: string | undefined, field: string, ref: Ref | undefined) => {
    if (ref && (await missing(ref))) {
      problems.push(`${file ?? '(fichier inconnu)'}: ${field}: « ${ref.id} » n’existe pas dans content/${ref.collection}/`);
    }
  };
  for (const t of await getCollection('testimonials')) await check(t.filePath, 'training', t.data.training);
  for (const name of ['articles', 'landings', 'webinars'] as const) {
    for (const entry of await getCollection(name)) {
      const refs = entry.data.trainings as Ref[];
      for (const [i, ref] of refs.entries()) await check(entry.filePath, `trainings.${i}`, ref);
    }
  }
  const trainings = (await getCollection('trainings')).map((t) => ({ file: t.filePath ?? t.id, audiences: t.data.audiences, price: t.data.price }));
  problems.push(...checkTrainingPrices(trainings, marketing.prices));
  return problems;
}

let checked: Promise<void> | undefined;

/** Throws once per build if any reference is dangling. */
export function assertContentIntegrity(): Promise<void> {
  checked ??= checkReferences().then((problems) => {
    if (problems.length) {
      throw new ContentIntegrityError(`Contenu invalide (${problems.length} problème${problems.length > 1 ? 's' : ''}) :\n  - ${problems.join('\n  - ')}`);
    }
  });
  return checked;
}
