// `npm run calendar [-- --weeks 6] [--from 2026-12-01]`: what the site publishes and sends in the
// coming weeks (articles, webinars, broadcasts, monthly e-mails), by date, for the content team.
import { parseArgs } from 'node:util';
import { readRules } from '../src/edge/rules-snapshot';
import { agenda, scheduledArticles } from '../src/lib/agenda';
import { formatDate, formatTime } from '../src/lib/typography';

const { values } = parseArgs({ options: { weeks: { type: 'string', default: '6' }, from: { type: 'string' } } });
const weeks = Number(values.weeks);
if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) {
  console.error(`--weeks : nombre de semaines de 1 à 52 attendu (reçu « ${values.weeks} »).`);
  process.exit(2);
}
const from = values.from ? new Date(values.from) : new Date();
if (Number.isNaN(from.getTime())) {
  console.error(`--from : date ISO attendue, par exemple 2026-12-01 (reçu « ${values.from} »).`);
  process.exit(2);
}
const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
const items = agenda(rules, from, weeks * 7);
console.log(`Calendrier du ${formatDate(from)} au ${formatDate(new Date(from.getTime() + weeks * 7 * 86_400_000))} : ${items.length} élément(s)\n`);
let day = '';
for (const item of items) {
  const d = formatDate(item.at, { weekday: true });
  if (d !== day) console.log(`\n${(day = d)}`);
  console.log(`  ${item.type === 'article' ? '       ' : formatTime(item.at).padEnd(7)} ${item.type.padEnd(16)} ${item.title} — ${item.detail}`);
}
const soon = scheduledArticles(rules.articles, from, 14);
if (!soon.length) console.log(`\nAttention : aucun article programmé dans les 14 prochains jours. Ajoutez-en dans content/articles/ (publishDate).`);
