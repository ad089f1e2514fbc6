// The illustrations that wait for the first paint (src/components/ui/Illustration.astro, `lazy`):
// their file's address moves from data-src to src, and native lazy loading (loading="lazy") fetches
// each when it comes near the screen. Run by the pages' scripts, inserted after the first paint.
export function loadDeferredImages(root: ParentNode = document): void {
  for (const img of root.querySelectorAll<HTMLImageElement>('img[data-src]')) {
    img.src = img.dataset.src!;
    img.removeAttribute('data-src');
  }
}
