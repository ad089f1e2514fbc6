// « Ajouter à mon agenda »: the calendar file of each upcoming webinar (METHOD:PUBLISH).
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { webinarIcs } from '../../marketing/webinars';
import { marketing } from '../../lib/marketing';
import { SEO_CONFIG } from '../../seo/config';

export const getStaticPaths = (async () => (await getCollection('webinars')).map((w) => ({ params: { slug: w.id }, props: { webinar: w } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { webinar } = props as { webinar: Awaited<ReturnType<typeof getCollection<'webinars'>>>[number] };
  const w = webinar.data;
  const ics = webinarIcs(
    {
      slug: webinar.id,
      title: w.title,
      description: w.description,
      startsAt: w.startsAt.toISOString(),
      durationMinutes: w.durationMinutes,
      capacity: w.capacity,
      status: w.status,
      previousStartsAt: w.previousStartsAt?.toISOString() ?? null,
      joinUrl: null,
      replayUrl: w.replayUrl ?? null,
      speaker: w.speaker,
    },
    { method: 'PUBLISH', sequence: w.status === 'reporte' ? 1 : 0, siteUrl: SEO_CONFIG.site, joinUrl: null, organizer: { name: marketing.automation.sender.name, email: marketing.automation.sender.email } },
  );
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
