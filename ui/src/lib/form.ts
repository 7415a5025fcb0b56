// The editor's form: what the writer types, and its conversion to and from the article fields.
import type { Article, ArticleInput } from './backend';
import { fromLocalInput, localInputValue } from './format';

export type Form = {
  title: string;
  lead: string;
  body: string;
  /** Authors separated by commas. */
  authors: string;
  category: string;
  /** Keywords separated by commas. */
  tags: string;
  source: string;
  /** Empty: follows the title. */
  slug: string;
  /** Publication time in Hanoi time, as a `datetime-local` value; empty: none. */
  published: string;
};

export const emptyForm = (): Form => ({
  title: '',
  lead: '',
  body: '',
  authors: '',
  category: '',
  tags: '',
  source: '',
  slug: '',
  published: '',
});

const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

export function toInput(f: Form): ArticleInput {
  return {
    title: f.title,
    lead: f.lead,
    body: f.body,
    authors: splitList(f.authors),
    category: f.category,
    tags: splitList(f.tags),
    source: f.source,
    slug: f.slug.trim(),
    scheduled_at: fromLocalInput(f.published),
  };
}

export function fromInput(i: ArticleInput): Form {
  return {
    title: i.title,
    lead: i.lead,
    body: i.body,
    authors: i.authors.join(', '),
    category: i.category,
    tags: i.tags.join(', '),
    source: i.source,
    slug: i.slug,
    published: i.scheduled_at ? localInputValue(i.scheduled_at) : '',
  };
}

export function fromArticle(a: Article): Form {
  return fromInput({ ...a, slug: a.slug_manual ? a.slug : '', scheduled_at: a.scheduled_at });
}
