// Client side of /recherche/: loads pagefind's JS API lazily (only on this page, after render) and
// searches as the visitor types (150 ms after the last key), from ?q= on arrival, or at once on
// Enter. Results come first: the count (announced politely by a live region), then the filters,
// folded in a disclosure, then the results, ten at a time with a button for the next ones (the
// count is always the true total). Filter values are read from pagefind's API, never from the
// page's markup. Keyboard: ↓ from the field goes to the first result, ↑/↓ move between results,
// ↑ on the first goes back to the field; Enter moves the focus to the list (and closes a phone's
// keyboard). Pagefind stems French words (lang="fr"), so « hybrides » finds « hybride ».
type Result = { url: string; meta: { title?: string }; excerpt: string; filters: Record<string, string[]> };
type FilterCounts = Record<string, Record<string, number>>;
type Filters = Record<string, { any: string[] }>;
interface Search {
  results: { id: string; data(): Promise<Result> }[];
  unfilteredResultCount: number;
  totalFilters: FilterCounts;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  filters(): Promise<FilterCounts>;
  search(query: string | null, options?: { filters?: Filters }): Promise<Search>;
}

/** How many results each « Afficher plus » adds. */
export const PAGE_SIZE = 10;
/** Typing pause before a search runs. */
export const DEBOUNCE_MS = 150;
/** Pause before the live region announces the count. */
const ANNOUNCE_MS = 600;
const FILTER_LABELS: Record<string, string> = { type: 'Type de page', technologie: 'Technologie', public: 'Public' };
// U+202F inside « » and before « : », U+00A0 between a number and its word.
const quoted = (s: string) => `«\u202f${s}\u202f»`;
const plural = (n: number, word: string) => `${n}\u00a0${word}${n > 1 ? 's' : ''}`;

let pagefind: Promise<Pagefind> | undefined;
function load(): Promise<Pagefind> {
  // A variable keeps the bundler from resolving /pagefind/pagefind.js at build time.
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (api) => {
    await api.options({ excerptLength: 30 });
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

/**
 * Pagefind's excerpt is text with <mark> around the matched words. Only those marks are kept:
 * the excerpt is parsed in an inert <template> and rebuilt from its text, so nothing else in it
 * can become markup.
 */
export function excerptNodes(excerpt: string): Node[] {
  const template = document.createElement('template');
  template.innerHTML = excerpt;
  return [...template.content.childNodes].map((node) =>
    node.nodeName === 'MARK' ? el('mark', '', node.textContent ?? '') : document.createTextNode(node.textContent ?? ''),
  );
}

/** The count line: the true total, with the filters' effect when some are ticked. */
export function countText(total: number, unfiltered: number, query: string, filtered: boolean): string {
  const what = query ? ` pour ${quoted(query)}` : '';
  if (!total) return `Aucun résultat${what}${filtered ? ' avec ces filtres' : ''}.`;
  const base = `${plural(total, 'résultat')}${what}`;
  return filtered ? `${base} avec ces filtres (${unfiltered} sans filtre)` : base;
}

interface Elements {
  form: HTMLFormElement;
  input: HTMLInputElement;
  count: HTMLElement;
  status: HTMLElement;
  filters: HTMLDetailsElement;
  filterGroups: HTMLElement;
  list: HTMLOListElement;
  more: HTMLButtonElement;
  browse: HTMLElement;
}

export function mountSearch(root: HTMLElement) {
  const $ = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  const ui: Elements = {
    form: $('[data-search-form]'),
    input: $('input[name="q"]'),
    count: $('[data-search-count]'),
    status: $('[data-search-status]'),
    filters: $('[data-search-filters]'),
    filterGroups: $('[data-search-filter-groups]'),
    list: $('[data-search-results]'),
    more: $('[data-search-more]'),
    browse: $('[data-search-browse]'),
  };
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** The visible count changes at once; the live region only once typing has settled (no chatter). */
  function say(text: string) {
    ui.count.textContent = text;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => (ui.status.textContent = text), ANNOUNCE_MS);
  }
  let pending: Search['results'] = [];
  let shown = 0;
  let loadingMore = false;
  /** Enter asked for the focus on the results: given by whichever search renders next. */
  let focusWanted = false;

  function selected(): Filters {
    const chosen: Filters = {};
    for (const box of ui.filterGroups.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')) (chosen[box.name] ??= { any: [] }).any.push(box.value);
    return chosen;
  }

  function updateFilterSummary(active: number) {
    const summary = ui.filters.querySelector('[data-search-filter-count]')!;
    summary.textContent = active ? ` (${plural(active, 'filtre')} ${active > 1 ? 'actifs' : 'actif'})` : '';
    ui.filters.querySelector<HTMLButtonElement>('[data-search-clear]')!.hidden = !active;
  }

  function renderFilters(available: FilterCounts) {
    ui.filterGroups.replaceChildren();
    for (const [name, values] of Object.entries(available)) {
      const fieldset = el('fieldset', 'mt-3');
      fieldset.append(el('legend', 'font-bold', FILTER_LABELS[name] ?? name));
      const list = el('div', 'mt-2 flex flex-wrap gap-2');
      for (const value of Object.keys(values).sort((a, b) => a.localeCompare(b, 'fr'))) {
        const label = el('label', 'inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-full border border-navy-100 px-3');
        label.dataset.filterValue = value;
        const box = el('input');
        box.type = 'checkbox';
        box.name = name;
        box.value = value;
        box.className = 'size-5';
        box.addEventListener('change', () => void run({ immediate: true }));
        label.append(box, el('span', '', value), el('span', 'text-ink-600', ''));
        list.append(label);
      }
      fieldset.append(list);
      ui.filterGroups.append(fieldset);
    }
    ui.filters.hidden = !ui.filterGroups.childElementCount;
  }

  /** Counts of each filter value for the current words; values with no result are hidden unless ticked. */
  function updateFilterCounts(counts: FilterCounts) {
    for (const label of ui.filterGroups.querySelectorAll<HTMLLabelElement>('label[data-filter-value]')) {
      const box = label.querySelector('input')!;
      const count = counts[box.name]?.[box.value] ?? 0;
      label.lastElementChild!.textContent = `(${count})`;
      label.hidden = count === 0 && !box.checked;
    }
  }

  async function showMore(focusFirst: boolean) {
    const batch = pending.slice(shown, shown + PAGE_SIZE);
    const mine = latest;
    const data = await Promise.all(batch.map((r) => r.data()));
    if (mine !== latest) return;
    const items = data.map((r) => {
      const item = el('li', 'rounded-xl border border-navy-100 p-4');
      const type = r.filters.type?.[0];
      if (type) {
        const badge = el('p', 'text-sm font-bold text-teal-700', type);
        badge.dataset.resultType = type;
        item.append(badge);
      }
      const heading = el('h2', 'text-lg');
      const link = el('a', '', r.meta.title ?? r.url);
      link.href = r.url;
      link.dataset.resultLink = '';
      heading.append(link);
      const excerpt = el('p', 'mt-1 text-base');
      excerpt.append(...excerptNodes(r.excerpt));
      item.append(heading, excerpt);
      return item;
    });
    ui.list.append(...items);
    shown += batch.length;
    const left = pending.length - shown;
    ui.more.hidden = left <= 0;
    ui.more.textContent = left > PAGE_SIZE ? `Afficher ${PAGE_SIZE}\u00a0résultats de plus (${left} restants)` : left > 1 ? `Afficher les ${left}\u00a0derniers résultats` : 'Afficher le dernier résultat';
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }

  async function run({ immediate = false } = {}) {
    clearTimeout(timer);
    if (!immediate) {
      timer = setTimeout(() => void run({ immediate: true }), DEBOUNCE_MS);
      return;
    }
    // Only the newest search may render: an older one finishing late must not overwrite it.
    const mine = ++latest;
    const query = ui.input.value.trim();
    const filters = selected();
    const active = Object.values(filters).reduce((n, f) => n + f.any.length, 0);
    updateFilterSummary(active);
    history.replaceState(null, '', query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    if (!query && !active) {
      pending = [];
      shown = 0;
      ui.list.replaceChildren();
      ui.more.hidden = true;
      say('');
      ui.browse.hidden = false;
      return;
    }
    try {
      const api = await load();
      const search = await api.search(query || null, { filters });
      if (mine !== latest) return;
      pending = search.results;
      shown = 0;
      ui.list.replaceChildren();
      updateFilterCounts(search.totalFilters);
      say(countText(pending.length, search.unfilteredResultCount, query, active > 0));
      ui.browse.hidden = pending.length > 0;
      await showMore(false);
      if (focusWanted && mine === latest) {
        focusWanted = false;
        if (pending.length) ui.list.focus();
      }
    } catch {
      if (mine !== latest) return;
      say('La recherche est indisponible pour le moment\u202f: parcourez le site par rubrique ci-dessous.');
      ui.browse.hidden = false;
    }
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    focusWanted = true;
    void run({ immediate: true });
  });
  ui.input.addEventListener('input', () => void run());
  ui.input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown') return;
    const first = ui.list.querySelector<HTMLAnchorElement>('a[data-result-link]');
    if (!first) return;
    event.preventDefault();
    first.focus();
  });
  // ↑/↓ move between the results' links (Tab still goes through them one by one).
  ui.list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...ui.list.querySelectorAll<HTMLAnchorElement>('a[data-result-link]')];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    event.preventDefault();
    if (event.key === 'ArrowUp' && index <= 0) return ui.input.focus();
    links[event.key === 'ArrowDown' ? Math.min(index + 1, links.length - 1) : index - 1]?.focus();
  });
  // One batch at a time: a second click while the next ten load adds nothing twice.
  ui.more.addEventListener('click', () => {
    if (loadingMore) return;
    loadingMore = true;
    void showMore(true).finally(() => (loadingMore = false));
  });
  ui.filters.querySelector('[data-search-clear]')!.addEventListener('click', () => {
    for (const box of ui.filterGroups.querySelectorAll<HTMLInputElement>('input:checked')) box.checked = false;
    void run({ immediate: true });
  });

  // The words of the address (?q=), unless the visitor typed before this script ran: what they
  // typed is kept, and searched.
  ui.input.value ||= new URLSearchParams(location.search).get('q') ?? '';
  void load()
    .then(async (api) => renderFilters(await api.filters()))
    .catch(() => undefined)
    .then(() => run({ immediate: true }));
}
