// Where a page of the site is written (format: 'directory'), for the build's thread and its worker.

/** The file of a site path, relative to dist/: x/index.html for /x/, 404.html for /404.html. */
export const pageFileOf = (path: string): string => (path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1));
