export declare const SITE_URL: string;
export declare const SITEMAP_EXCLUDED: string[];
export declare function isSitemapExcluded(pathname: string): boolean;
export declare const ARTICLES_PER_PAGE: number;
