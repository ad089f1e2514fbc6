// The bench's corpus: a copy of content/ with `count` extra, valid articles of about 600 words,
// in a temporary folder (its content/ is given to the build as CONTENT_ROOT).
// `tsx scripts/bench-corpus.ts 1000` writes one and prints its path (to profile a build by hand).
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A copy of content/ with `count` extra, valid articles of about 600 words. */
export function corpus(count: number): string {
  const root = mkdtempSync(join(tmpdir(), `corpus-${count}-`));
  cpSync('content', join(root, 'content'), { recursive: true });
  const paragraph =
    'La maintenance d’un véhicule électrique demande de la méthode : consignation, vérification d’absence de tension, lecture des schémas et diagnostic des systèmes de gestion de la batterie. ';
  const categories = ['technologies', 'financement', 'metier-emploi', 'formations-diplomes'];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().slice(0, 10);
    const body = Array.from({ length: 6 }, (_, k) => `## Partie ${k + 1}\n\n${paragraph.repeat(4)}\n\nVoir [la formation](/formations/maintenance-vehicules-electriques/).`).join('\n\n');
    writeFileSync(
      join(root, 'content', 'articles', `article-genere-${i}.mdx`),
      `---\ntitle: "Article de charge numéro ${i} sur la mécanique"\ndescription: "Article généré numéro ${i} pour mesurer le temps de construction du site avec un grand nombre de pages."\npublishDate: ${day}\ncategory: ${categories[i % 4]}\naudiences: [reconversion]\ntrainings: [maintenance-vehicules-electriques]\n---\n\n${body}\n`,
    );
  }
  return join(root, 'content');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(corpus(Number(process.argv[2] ?? 1000)));
