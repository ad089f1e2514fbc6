// Client side of /recherche/: loads pagefind's own JS API lazily (only on this page, after the
// page has rendered), runs the query from ?q= or the form, and renders accessible results.
type Result = { url: string; meta: { title?: string }; excerpt: string; filters: Record<string, string[]> };
interface Pagefind {
  search(query: string): Promise<{ results: { data(): Promise<Result> }[] }>;
}

let pagefind: Promise<Pagefind> | undefined;
function load(): Promise<Pagefind> {
  // A variable keeps the bundler from resolving /pagefind/pagefind.js at build time.
  const url = '/pagefind/pagefind.js';
  pagefind ??= import(/* @vite-ignore */ url) as Promise<Pagefind>;
  return pagefind;
}

function render(target: HTMLElement, query: string, results: Result[]) {
  target.replaceChildren();
  const status = document.createElement('p');
  status.className = 'font-bold';
  status.textContent = results.length ? `${results.length} résultat${results.length > 1 ? 's' : ''} pour « ${query} »` : `Aucun résultat pour « ${query} ».`;
  target.append(status);
  const list = document.createElement('ol');
  list.className = 'mt-4 space-y-4';
  for (const r of results) {
    const item = document.createElement('li');
    item.className = 'rounded-xl border border-navy-100 p-4';
    const type = r.filters.type?.[0];
    item.innerHTML = `${type ? `<p class="text-sm font-bold text-teal-700"></p>` : ''}<h2 class="text-lg"><a></a></h2><p class="mt-1 text-base"></p>`;
    if (type) item.querySelector('p')!.textContent = type;
    const link = item.querySelector('a')!;
    link.href = r.url;
    link.textContent = r.meta.title ?? r.url;
    // pagefind's excerpt is escaped HTML with <mark> around the matched words.
    item.querySelector('p.mt-1')!.innerHTML = r.excerpt;
    list.append(item);
  }
  target.append(list);
}

export function mountSearch(target: HTMLElement, form: HTMLFormElement) {
  const input = form.querySelector('input[name="q"]') as HTMLInputElement;
  async function run(query: string) {
    if (!query.trim()) return target.replaceChildren();
    try {
      const api = await load();
      const search = await api.search(query);
      render(target, query, await Promise.all(search.results.slice(0, 20).map((r) => r.data())));
    } catch {
      target.textContent = 'La recherche est indisponible pour le moment : l’index n’a pas été construit (npm run build).';
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
    void run(input.value);
  });
  const initial = new URLSearchParams(location.search).get('q') ?? '';
  input.value = initial;
  if (initial) void run(initial);
}
