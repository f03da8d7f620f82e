import type { FeedEnclosure, ParsedEntry, ParsedFeed } from './types.js'

// The slice of feedsmith's output this module reads. feedsmith's own types are generic over
// every namespace it knows; naming only what we use keeps the mapping readable and lets a
// feedsmith upgrade that adds fields change nothing here.
type Text = string | { value?: string; type?: string } | undefined
interface Link {
  href?: string
  rel?: string
  type?: string
  length?: number
}
interface Namespaces {
  xml?: { base?: string; lang?: string }
  dc?: {
    titles?: string[]
    creators?: string[]
    dates?: string[]
    subjects?: string[]
    languages?: string[]
    descriptions?: string[]
  }
  itunes?: { title?: string; author?: string; summary?: string }
  atom?: { links?: Link[] }
  media?: { title?: Text }
}
interface RssItem extends Namespaces {
  content?: { encoded?: string }
  title?: string
  link?: string
  description?: string
  guid?: string | { value?: string; isPermaLink?: boolean }
  pubDate?: string
  authors?: Array<string | { name?: string; email?: string }>
  categories?: Array<string | { name?: string }>
  enclosures?: Array<{ url?: string; type?: string; length?: number }>
}
interface AtomPerson {
  name?: string
  email?: string
}
interface AtomEntry extends Namespaces {
  id?: string
  title?: Text
  links?: Link[]
  summary?: Text
  content?: Text
  authors?: AtomPerson[]
  categories?: Array<{ term?: string; label?: string }>
  published?: string
  updated?: string
  // Atom 0.3 names, which feedsmith passes through under these keys when present
  issued?: string
  modified?: string
  created?: string
}
interface XmlChannel extends Namespaces {
  title?: Text
  link?: string
  links?: Link[]
  language?: string
  items?: RssItem[]
  entries?: AtomEntry[]
}

/** Maps feedsmith's RSS 0.9x/2.0 or RDF (RSS 1.0) result to a ParsedFeed. */
export function mapRss(format: 'rss' | 'rdf', raw: unknown, baseUrl?: string): ParsedFeed {
  const channel = raw as XmlChannel
  const base = resolveUrl(channel.xml?.base, baseUrl) ?? baseUrl
  return {
    format,
    title: textOf(channel.title) ?? first(channel.dc?.titles),
    link: resolveUrl(channel.link, base),
    language: channel.language ?? first(channel.dc?.languages) ?? channel.xml?.lang ?? null,
    items: (channel.items ?? []).map((item) => mapRssItem(item, base)),
  }
}

function mapRssItem(item: RssItem, feedBase: string | undefined): ParsedEntry {
  const base = resolveUrl(item.xml?.base, feedBase) ?? feedBase
  const guid = typeof item.guid === 'string' ? { value: item.guid } : item.guid
  const guidValue = clean(guid?.value)
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"; publishers who leave <link> out
  // rely on that.
  const guidLink =
    guidValue && guid?.isPermaLink !== false && /^https?:\/\//i.test(guidValue) ? guidValue : null
  const atomLink = pickLink(item.atom?.links)
  return {
    guid: guidValue,
    link: resolveUrl(clean(item.link) ?? atomLink ?? guidLink, base),
    title:
      clean(item.title) ??
      first(item.dc?.titles) ??
      clean(item.itunes?.title) ??
      clean(textOf(item.media?.title)),
    summary: clean(item.description) ?? first(item.dc?.descriptions) ?? clean(item.itunes?.summary),
    contentHtml: clean(item.content?.encoded),
    author: rssAuthor(item),
    categories: [
      ...(item.categories ?? []).map((c) => (typeof c === 'string' ? c : c.name)),
      ...(item.dc?.subjects ?? []),
    ].filter(isPresent),
    published: clean(item.pubDate) ?? first(item.dc?.dates),
    updated: null,
    enclosures: (item.enclosures ?? [])
      .filter((e) => e.url)
      .map((e) => enclosure(resolveUrl(e.url, base) ?? '', e.type, e.length)),
  }
}

function rssAuthor(item: RssItem): string | null {
  const author = item.authors?.[0]
  const named = typeof author === 'string' ? author : (author?.name ?? author?.email)
  return clean(named) ?? first(item.dc?.creators) ?? clean(item.itunes?.author)
}

/** Maps feedsmith's Atom 0.3/1.0 result to a ParsedFeed, resolving links against xml:base. */
export function mapAtom(raw: unknown, baseUrl?: string): ParsedFeed {
  const feed = raw as XmlChannel
  const base = resolveUrl(feed.xml?.base, baseUrl) ?? feed.xml?.base ?? baseUrl
  return {
    format: 'atom',
    title: textOf(feed.title) ?? first(feed.dc?.titles),
    link: resolveUrl(pickLink(feed.links), base),
    language: feed.xml?.lang ?? first(feed.dc?.languages) ?? null,
    items: (feed.entries ?? []).map((entry) => mapAtomEntry(entry, base)),
  }
}

function mapAtomEntry(entry: AtomEntry, feedBase: string | undefined): ParsedEntry {
  const base = resolveUrl(entry.xml?.base, feedBase) ?? entry.xml?.base ?? feedBase
  const content = typeof entry.content === 'object' ? entry.content : undefined
  return {
    guid: clean(entry.id),
    link: resolveUrl(pickLink(entry.links), base),
    title:
      clean(textOf(entry.title)) ?? first(entry.dc?.titles) ?? clean(textOf(entry.media?.title)),
    summary: clean(textOf(entry.summary)),
    contentHtml:
      content?.type === 'text' ? escapeText(content.value) : clean(textOf(entry.content)),
    author:
      clean(entry.authors?.map((a) => a.name ?? a.email).find(isPresent)) ??
      first(entry.dc?.creators),
    categories: (entry.categories ?? []).map((c) => c.label ?? c.term).filter(isPresent),
    published: clean(entry.published ?? entry.issued ?? entry.created) ?? first(entry.dc?.dates),
    updated: clean(entry.updated ?? entry.modified),
    enclosures: (entry.links ?? [])
      .filter((l) => l.rel === 'enclosure' && l.href)
      .map((l) => enclosure(resolveUrl(l.href, base) ?? '', l.type, l.length)),
  }
}

// rel="alternate" (or no rel, which means alternate) wins, HTML before other types; a feed whose
// entries carry only rel="related"/"self" links has no item link.
function pickLink(links: Link[] | undefined): string | null {
  const alternates = (links ?? []).filter((l) => l.href && (!l.rel || l.rel === 'alternate'))
  const html = alternates.find((l) => !l.type || /html/i.test(l.type))
  return clean((html ?? alternates[0])?.href)
}

function enclosure(url: string, type?: string, length?: number): FeedEnclosure {
  return {
    url,
    ...(type ? { type } : {}),
    ...(typeof length === 'number' && Number.isFinite(length) ? { length } : {}),
  }
}

/**
 * Resolves a possibly relative reference against a base; a reference that cannot be resolved
 * (no absolute base) is returned as written rather than dropped.
 */
export function resolveUrl(
  ref: string | null | undefined,
  base: string | undefined
): string | null {
  const value = clean(ref)
  if (!value) return null
  if (!base) return value
  try {
    return new URL(value, base).href
  } catch {
    return value
  }
}

function textOf(text: Text): string | null {
  if (typeof text === 'string') return clean(text)
  return clean(text?.value)
}

function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function first(values: string[] | undefined): string | null {
  return clean(values?.find((v) => clean(v)))
}

function isPresent(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function escapeText(value: string | undefined): string | null {
  const text = clean(value)
  return text && text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
