// The empty places of the built pages that the edge fills with the campaign in force at the
// request's instant (src/edge/campaigns.ts): the site banner, right after the header
// (src/layouts/Base.astro), and the hero copy (src/components/sections/Hero.astro). Both are
// hidden and empty, so a page without a campaign has nothing there: no height, no layout shift.
// One definition for the components, the edge that replaces them and the build that checks them.
export const BANNER_SLOT = '<div data-campaign-slot hidden></div>';
export const HERO_SLOT = '<p data-campaign-hero hidden></p>';
