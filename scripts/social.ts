// `npm run social -- <command>`: the social calendar for the team (src/marketing/social-calendar.ts).
//   list [--weeks 8] [--from AAAA-MM-JJ]              the coming posts, by day: network, theme, content
//   ics [--weeks 8] [--from AAAA-MM-JJ] [--out FILE]  the same as an iCalendar file (stdout without --out)
//   kit --article SLUG [--format text|json]           an article's share kit: images and a caption per network
// --from defaults to this week's Monday (Europe/Paris). Reads content/ (CONTENT_ROOT).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readRules } from '../src/edge/rules-snapshot';
import { parisDay } from '../src/lib/calendar';
import { calendarInput, postSummary, shareKit, socialCalendar, socialIcs, validDay, weekStart } from '../src/marketing/social-calendar';

const USAGE = `Usage :
  npm run social -- list [--weeks 8] [--from AAAA-MM-JJ]
  npm run social -- ics [--weeks 8] [--from AAAA-MM-JJ] [--out calendrier.ics]
  npm run social -- kit --article slug-de-l-article [--format text|json]`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { weeks: { type: 'string', default: '8' }, from: { type: 'string' }, out: { type: 'string' }, article: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail((error as Error).message);
}
const { positionals, values } = parsed!;
const [command] = positionals;
const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
const input = calendarInput(rules);

function range() {
  const weeks = Number(values.weeks);
  if (!/^\d{1,2}$/.test(values.weeks ?? '') || weeks < 1 || weeks > 52) fail(`--weeks : nombre de semaines de 1 à 52 attendu (reçu « ${values.weeks} »).`);
  const from = values.from ? validDay(values.from) : weekStart(parisDay(new Date()));
  if (!from) fail(`--from : date AAAA-MM-JJ attendue, par exemple 2026-12-07 (reçu « ${values.from} »).`);
  return { from: from!, weeks };
}

if (command === 'list') {
  const { from, weeks } = range();
  const posts = socialCalendar(input, from, weeks);
  let day = '';
  for (const p of posts) {
    if (p.date !== day) console.log(`\n${(day = p.date)}`);
    console.log(`  ${(p.time ?? 'journée').padEnd(8)} ${postSummary(p)}${p.link ? `\n           ${p.link}` : ''}`);
  }
  const toReplace = posts.filter((p) => !p.publishable).length;
  console.log(`\n${posts.length} publication(s)${toReplace ? `, dont ${toReplace} à remplacer (témoignage d’exemple ou rien à publier)` : ''}.`);
} else if (command === 'ics') {
  const { from, weeks } = range();
  const ics = socialIcs(socialCalendar(input, from, weeks), { siteUrl: input.siteUrl, now: new Date() });
  if (values.out) {
    writeFileSync(values.out, ics);
    console.error(`${values.out} : ${Buffer.byteLength(ics)} octets, ${ics.split('BEGIN:VEVENT').length - 1} publications du ${from}, sur ${weeks} semaine(s).`);
  } else process.stdout.write(ics);
} else if (command === 'kit') {
  if (!values.article) fail('--article : slug d’un article de content/articles/ attendu.');
  if (!['text', 'json'].includes(values.format ?? '')) fail(`--format : text ou json attendu (reçu « ${values.format} »).`);
  const kit = shareKit(input, values.article!);
  if (!kit) fail(`--article : aucun article « ${values.article} » dans content/articles/ (slugs : ${input.sources.articles.map((a) => a.slug).join(', ')}).`);
  const images = kit!.images.map((i) => ({ ...i, url: new URL(i.path, input.siteUrl).toString(), file: `dist${i.path}` }));
  const published = !kit!.article.draft && kit!.article.publishDate <= parisDay(new Date());
  if (values.format === 'json') console.log(JSON.stringify({ article: kit!.article, published, images, captions: kit!.captions }, null, 2));
  else {
    console.log(`${kit!.article.title} (publication : ${kit!.article.publishDate}${kit!.article.draft ? ', brouillon' : ''})`);
    if (!published) console.log('Les images sont dessinées par la construction du site à partir du jour de publication.');
    for (const i of images) console.log(`  ${i.key.padEnd(10)} ${i.label} : ${i.file} (${i.url})`);
    for (const c of kit!.captions) console.log(`\n--- ${c.networkLabel} ---\n${c.caption}`);
  }
} else {
  fail(command ? `Commande inconnue « ${command} ».` : 'Commande attendue.');
}
