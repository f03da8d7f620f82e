import { parseHtml } from '../core/html-dom.js'

/** A feed advertised by an HTML page. */
export interface DiscoveredFeed {
  url: string
  type: 'rss' | 'atom' | 'json' | 'rdf'
  title: string | null
}

const FEED_TYPES: Record<string, DiscoveredFeed['type']> = {
  'application/rss+xml': 'rss',
  'application/x-rss+xml': 'rss',
  'text/xml': 'rss', // old blogs; only counted with rel="alternate"
  'application/atom+xml': 'atom',
  'application/x-atom+xml': 'atom',
  'application/rdf+xml': 'rdf',
  'application/feed+json': 'json',
  'application/json': 'json',
}

/**
 * Feeds a page advertises with `<link rel="alternate" type="application/rss+xml|atom+xml|
 * feed+json|json" href>`, in page order, hrefs resolved against `<base href>` and the page URL,
 * duplicates removed.
 *
 * @example
 * discoverFeeds('<link rel="alternate" type="application/rss+xml" href="/feed">', 'https://a.example/')
 * // [{ url: 'https://a.example/feed', type: 'rss', title: null }]
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const head = headOf(html)
  // linkedom puts a fragment without <html> into the body; wrapping keeps <head> links findable
  const page = /<html[\s>]/i.test(head) ? head : `<html><head>${head}</head><body></body></html>`
  const { document } = parseHtml(page)
  const baseElement = [...document.querySelectorAll('base')].find((el) => attribute(el, 'href'))
  const base = resolve(attribute(baseElement, 'href') ?? '', pageUrl) ?? pageUrl
  const seen = new Set<string>()
  const feeds: DiscoveredFeed[] = []
  for (const link of document.querySelectorAll('link')) {
    const rels = (attribute(link, 'rel') ?? '').toLowerCase().split(/\s+/)
    if (!rels.includes('alternate')) continue
    const mime = (attribute(link, 'type') ?? '').toLowerCase().split(';')[0].trim()
    const type = FEED_TYPES[mime]
    if (!type) continue
    const url = resolve(attribute(link, 'href') ?? '', base)
    if (!url || seen.has(url)) continue
    seen.add(url)
    feeds.push({ url, type, title: attribute(link, 'title')?.trim() || null })
  }
  return feeds
}

/**
 * True when a fetched document is an HTML page rather than a feed, so the caller should try
 * autodiscovery instead of reporting a parse error.
 *
 * @example
 * looksLikeHtml('<!DOCTYPE html><html><head>…') // true
 */
export function looksLikeHtml(text: string): boolean {
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->/g, '')
    .trimStart()
  return /^<!doctype\s+html/i.test(head) || /^<(html|head|body)[\s>]/i.test(head)
}

// linkedom keeps attribute names as written (<LINK REL=…>), unlike browsers, so look them up
// case-insensitively.
interface WithAttributes {
  attributes: ArrayLike<{ name: string; value: string }>
}

function attribute(element: WithAttributes | undefined, name: string): string | null {
  if (!element) return null
  for (const attr of Array.from(element.attributes)) {
    if (attr.name.toLowerCase() === name) return attr.value
  }
  return null
}

// Feed links live in <head>: parsing only that (at most 512 KB) keeps a 10 MB page from costing
// seconds. (htmlparser2, under linkedom, is quadratic in nesting depth.)
const HEAD_LIMIT = 512 * 1024

function headOf(html: string): string {
  const start = html.slice(0, HEAD_LIMIT)
  const end = start.search(/<\/head\s*>|<body[\s>]/i)
  return end === -1 ? start : start.slice(0, end)
}

function resolve(href: string, base: string): string | null {
  if (!href.trim()) return null
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}
