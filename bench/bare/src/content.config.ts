// The same articles as the site's collection (CONTENT_ROOT/articles), with a schema of the same shape.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const root = process.env.CONTENT_ROOT ?? '../../content';

const articles = defineCollection({
  loader: glob({ base: `${root}/articles`, pattern: '**/*.mdx' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    publishDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    draft: z.boolean().default(false),
    category: z.string(),
    audiences: z.array(z.string()),
    trainings: z.array(z.string()).default([]),
    author: z.string().optional(),
  }),
});

export const collections = { articles };
