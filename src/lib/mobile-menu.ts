// The phone menu (Header.astro) is a <details> disclosure: it works without JavaScript. With it,
// Escape closes the open menu and gives the focus back to its toggle; a click outside it, or the
// focus leaving it, closes it too.
export function initMobileMenu() {
  const menu = document.querySelector<HTMLDetailsElement>('[data-mobile-menu]');
  const toggle = menu?.querySelector('summary');
  if (!menu || !toggle) return;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !menu.open) return;
    menu.open = false;
    toggle.focus();
  });
  document.addEventListener('click', (event) => {
    if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
  });
  menu.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (menu.open && next && !menu.contains(next)) menu.open = false;
  });
}
