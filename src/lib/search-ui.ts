// Client side of /recherche/: loads pagefind's JS API lazily (only on this page, after render),
// runs the query from ?q= or the form, offers filters (type, technology, audience) and renders
// accessible results. Pagefind stems French words (lang="fr"), so « hybrides » finds « hybride ».
type Result = { url: string; meta: { title?: string }; excerpt: string; filters: Record<string, string[]> };
type Filters = Record<string, string[]>;
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(query: string | null, options?: { filters?: Filters }): Promise<{ results: { data(): Promise<Result> }[] }>;
}

const FILTER_LABELS: Record<string, string> = { type: 'Type de page', technologie: 'Technologie', public: 'Public' };

let pagefind: Promise<Pagefind> | undefined;
function load(): Promise<Pagefind> {
  // A variable keeps the bundler from resolving /pagefind/pagefind.js at build time.
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (api) => {
    await api.options({ excerptLength: 24 });
    return api;
  });
  return pagefind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderResults(target: HTMLElement, query: string, results: Result[]) {
  target.replaceChildren();
  const label = query ? `pour « ${query} »` : 'avec ces filtres';
  target.append(el('p', 'font-bold', results.length ? `${results.length} résultat${results.length > 1 ? 's' : ''} ${label}` : `Aucun résultat ${label}.`));
  const list = el('ol', 'mt-4 space-y-4');
  for (const r of results) {
    const item = el('li', 'rounded-xl border border-navy-100 p-4');
    const type = r.filters.type?.[0];
    if (type) item.append(el('p', 'text-sm font-bold text-teal-700', type));
    const heading = el('h2', 'text-lg');
    const link = el('a', '', r.meta.title ?? r.url);
    link.href = r.url;
    heading.append(link);
    const excerpt = el('p', 'mt-1 text-base');
    // pagefind's excerpt is escaped text with <mark> around the matched words.
    excerpt.innerHTML = r.excerpt;
    item.append(heading, excerpt);
    list.append(item);
  }
  target.append(list);
}

function renderFilters(container: HTMLElement, available: Record<string, Record<string, number>>, onChange: () => void) {
  container.replaceChildren();
  for (const [name, values] of Object.entries(available)) {
    const fieldset = el('fieldset', 'mt-4');
    fieldset.append(el('legend', 'font-bold', FILTER_LABELS[name] ?? name));
    const list = el('div', 'mt-2 flex flex-wrap gap-2');
    for (const [value, count] of Object.entries(values).sort(([a], [b]) => a.localeCompare(b, 'fr'))) {
      const label = el('label', 'inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-full border border-navy-100 px-3');
      const box = el('input');
      box.type = 'checkbox';
      box.name = name;
      box.value = value;
      box.className = 'size-5';
      box.addEventListener('change', onChange);
      label.append(box, document.createTextNode(`${value} (${count})`));
      list.append(label);
    }
    fieldset.append(list);
    container.append(fieldset);
  }
}

function selectedFilters(container: HTMLElement): Filters {
  const filters: Filters = {};
  for (const box of container.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')) (filters[box.name] ??= []).push(box.value);
  return filters;
}

export function mountSearch(target: HTMLElement, form: HTMLFormElement, filterContainer: HTMLElement) {
  const input = form.querySelector('input[name="q"]') as HTMLInputElement;
  let latest = 0;
  async function run() {
    // Only the newest search may render: an older one finishing late must not overwrite it.
    const mine = ++latest;
    const query = input.value.trim();
    const filters = selectedFilters(filterContainer);
    if (!query && !Object.keys(filters).length) return target.replaceChildren();
    try {
      const api = await load();
      const search = await api.search(query || null, { filters });
      const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
      if (mine === latest) renderResults(target, query, results);
    } catch {
      target.textContent = 'La recherche est indisponible : l’index n’a pas été construit (npm run build).';
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
    void run();
  });
  input.value = new URLSearchParams(location.search).get('q') ?? '';
  void load()
    .then(async (api) => renderFilters(filterContainer, await api.filters(), () => void run()))
    .catch(() => undefined)
    .then(() => run());
}
