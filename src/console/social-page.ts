// The console's « Réseaux sociaux » page: the coming weeks of the social calendar, a card per post
// (day, network, theme, content with its link, notes, text to post; cards rather than a table, so
// that a phone shows the text without scrolling sideways), the team's calendar feed (download and
// subscription address) and the share kit of every published article. A function of its data.
import { html, consolePage } from './layout';
import type { PageContext } from './pages';
import { weekStart, type ShareKit, type SocialPost } from '../marketing/social-calendar';
import { formatDate, formatTime } from '../lib/typography';
import { zonedTime } from '../lib/zoned';

export interface SocialPageData {
  from: string;
  weeks: number;
  posts: SocialPost[];
  /** The feed's signed address, for calendar applications, and how many weeks it lists. */
  feedUrl: string;
  feedWeeks: number;
  /** Published articles' kits, newest first; built: its images are in the deployed site. */
  kits: (ShareKit & { built: boolean })[];
}

const noon = (day: string) => new Date(`${day}T12:00:00Z`);
const dayLabel = (day: string, weekday = true) => formatDate(noon(day), { weekday }).replace(/ \d{4}$/, '');
const whenLabel = (p: SocialPost) => {
  const days = p.days.length > 1 ? `${dayLabel(p.days[0]!)} et ${dayLabel(p.days.at(-1)!)}` : dayLabel(p.date);
  if (!p.time) return days;
  const [h, m] = p.time.split(':') as [string, string];
  return `${days}, ${formatTime(zonedTime(Number(p.date.slice(0, 4)), Number(p.date.slice(5, 7)), Number(p.date.slice(8, 10)), `${h}:${m}`))}`;
};

/** One post as a card: when, network and theme, the content with its UTM link, notes, the text. */
function postCard(p: SocialPost, index: number, kits: ReadonlySet<string>) {
  const id = `texte-${p.date}-${p.network}-${index}`;
  const kitSlug = p.kit?.split('/')[2];
  const when = whenLabel(p);
  return html`<li class="rounded-lg border border-navy-100 p-4">
    <h3 class="text-lg">${when}</h3>
    <p class="mt-1 font-bold text-teal-700">${p.networkLabel} · ${p.theme}</p>
    <p class="mt-2">${p.item && p.link ? html`<a href="${p.link}">${p.item.title}</a>` : 'Rien à publier'}</p>
    ${p.publishable ? '' : html`<p class="mt-1 font-bold text-[#8a0f23]">À remplacer : ne pas publier tel quel.</p>`}
    ${p.notes.length ? html`<ul class="mt-1 list-disc pl-5 text-sm">${p.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
    ${kitSlug ? (kits.has(kitSlug) ? html`<p class="mt-1"><a href="#kit-${kitSlug}">Kit de partage de l’article</a></p>` : html`<p class="mt-1 text-sm">Kit de partage : construit le jour de la publication de l’article.</p>`) : ''}
    ${p.caption ? html`<label for="${id}" class="mt-3 block text-sm font-bold">Texte à publier<span class="sr-only"> sur ${p.networkLabel}, ${when}</span></label><textarea id="${id}" readonly rows="8" class="mt-1 block w-full rounded-md border border-navy-700 px-2">${p.caption}</textarea>` : ''}
  </li>`;
}

export function socialPage(ctx: PageContext, data: SocialPageData) {
  const { posts, kits } = data;
  const kitSlugs = new Set(kits.map((k) => k.article.slug));
  const weeks = new Map<string, SocialPost[]>();
  for (const p of posts) weeks.set(weekStart(p.date), [...(weeks.get(weekStart(p.date)) ?? []), p]);
  const toReplace = posts.filter((p) => !p.publishable).length;
  let row = 0;
  const body = html`<h1 class="text-3xl">Réseaux sociaux</h1>
  <p class="mt-2 max-w-2xl">Le calendrier de publication ${data.weeks > 1 ? `des ${data.weeks} semaines` : 'de la semaine'} à partir du ${dayLabel(data.from)} : le planning hebdomadaire de <code>campaigns.yaml</code> (social), rempli avec le contenu du site. Chaque lien porte ses paramètres UTM (source : le réseau, support : social), pour retrouver dans les leads ce que chaque publication apporte.</p>
  ${toReplace ? html`<p class="mt-2 max-w-2xl font-bold">${toReplace} publication${toReplace > 1 ? 's' : ''} à remplacer : un témoignage d’exemple n’est jamais publié comme réel (<code>content/testimonials/</code>, statut « verifie » pour un témoignage recueilli avec accord écrit).</p>` : ''}
  <form method="get" action="/admin/reseaux-sociaux" class="mt-4 flex flex-wrap items-end gap-3" aria-label="Choisir la période">
    <div class="min-w-40"><label for="f-du" class="block text-sm font-bold">À partir du</label><input id="f-du" name="du" type="date" value="${data.from}" class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2"></div>
    <div class="min-w-40"><label for="f-semaines" class="block text-sm font-bold">Nombre de semaines (1 à 26)</label><input id="f-semaines" name="semaines" type="number" min="1" max="26" value="${data.weeks}" class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2"></div>
    <div class="flex gap-2"><button type="submit" class="btn-primary">Afficher</button><a class="btn-secondary" href="/admin/reseaux-sociaux.ics?du=${data.from}&amp;semaines=${data.weeks}">Télécharger le calendrier (.ics)</a></div>
  </form>
  <section class="mt-6 max-w-3xl rounded-lg border border-navy-100 p-4" aria-labelledby="abonnement">
    <h2 id="abonnement" class="text-2xl">S’abonner au calendrier</h2>
    <p class="mt-2">Collez cette adresse dans Google Agenda (« À partir de l’URL »), Outlook (« S’abonner à partir du web ») ou Calendrier sur iPhone et Mac : les ${data.feedWeeks} semaines à venir, mises à jour toutes les six heures. Elle s’ouvre sans connexion : ne la partagez qu’avec l’équipe.</p>
    <label for="f-abonnement" class="mt-2 block text-sm font-bold">Adresse d’abonnement</label>
    <input id="f-abonnement" type="url" readonly value="${data.feedUrl}" class="mt-1 block min-h-11 w-full rounded-md border border-navy-700 px-2">
  </section>
  ${[...weeks.entries()].map(
    ([monday, list]) => html`<section class="mt-8" aria-labelledby="semaine-${monday}">
      <h2 id="semaine-${monday}" class="text-2xl">Semaine du ${dayLabel(monday, false)}</h2>
      <ol class="mt-3 grid gap-4 lg:grid-cols-2">${list.map((p) => postCard(p, row++, kitSlugs))}</ol>
    </section>`,
  )}
  <section class="mt-10" aria-labelledby="kits">
    <h2 id="kits" class="text-2xl">Kits de partage des articles</h2>
    <p class="mt-2 max-w-2xl">Pour chaque article publié : l’image dans le format de chaque réseau, dessinée à la construction du site, et un texte par réseau avec son lien UTM (contenu : <code>kit-partage</code>). Aussi en ligne de commande : <code>npm run social -- kit --article &lt;slug&gt;</code>.</p>
    ${kits.length ? kits.map((k) => kitBlock(k)) : html`<p class="mt-2 text-ink-600">Aucun article publié.</p>`}
  </section>`;
  return consolePage({ title: 'Réseaux sociaux', stylesheet: ctx.stylesheet, viewer: ctx.viewer, current: '/admin/reseaux-sociaux', body, notice: ctx.notice });
}

/** The previews' height in CSS pixels (width from each format's ratio). */
const PREVIEW_HEIGHT = 108;

function kitBlock(k: SocialPageData['kits'][number]) {
  const slug = k.article.slug;
  const images = k.built
    ? html`<ul class="mt-3 flex flex-wrap items-start gap-4">${k.images.map(
        (i) =>
          html`<li class="w-52"><a href="${i.path}" class="block"><img src="${i.path}" alt="" width="${Math.round((PREVIEW_HEIGHT * i.width) / i.height)}" height="${PREVIEW_HEIGHT}" loading="lazy" decoding="async" class="h-auto max-w-full rounded-md border border-navy-100"><span class="mt-1 block font-bold">${i.width} × ${i.height}</span></a><span class="block text-sm">${i.label}</span></li>`,
      )}</ul>`
    : html`<p class="mt-3">Images pas encore dessinées : elles le seront à la prochaine construction du site (chaque jour), puis apparaîtront ici.</p>`;
  return html`<details id="kit-${slug}" class="mt-3 rounded-lg border border-navy-100 p-4">
    <summary class="cursor-pointer font-bold">${k.article.title} <span class="font-normal">(publié le ${formatDate(noon(k.article.publishDate))})</span></summary>
    ${images}
    <div class="mt-3 grid gap-4 lg:grid-cols-2">${k.captions.map((c) => html`<div><label for="kit-${slug}-${c.network}" class="font-bold">Texte pour ${c.networkLabel}</label><textarea id="kit-${slug}-${c.network}" readonly rows="7" class="mt-1 block w-full rounded-md border border-navy-700 px-2">${c.caption}</textarea></div>`)}</div>
  </details>`;
}
