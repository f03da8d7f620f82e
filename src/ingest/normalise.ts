import { decode } from 'html-entities'
import { itemIdFor, shortHash } from './hash.js'
import { removeScriptsAndStyles, unwrapCdata } from './parse/markup-scan.js'
import type { FeedEnclosure, ParsedEntry } from './parse/types.js'
import { sanitiseContent } from './sanitise-html.js'

/** The feed an entry came from, as far as normalisation needs it. */
export interface FeedContext {
  /** The feed's URL (or absolute file URL): base for relative links. */
  url: string
  /** The feed's declared language, e.g. 'en' or 'ru-RU'. */
  lang?: string | null
}

/** Guesses a text's language ('en', 'ru', …); null/undefined when unsure. */
export type DetectLang = (text: string) => string | null | undefined

/** An entry ready for storage: clean text, canonical URL, a real date, a stable key and id. */
export interface NormalisedItem {
  /** Unique within its feed: guid, else canonical link, else a hash of title + date. */
  key: string
  /** Store id: short hash of the canonical URL (same article from two feeds → same id), else of feed URL + key. */
  id: string
  url: string | null
  title: string
  summary: string
  contentHtml: string
  contentText: string
  author: string | null
  categories: string[]
  publishedAt: Date
  /** True when the feed gave no usable date (or a far-future one) and `now` was used. */
  publishedEstimated: boolean
  updatedAt: Date | null
  /** Primary language subtag ('en', 'ru') or 'unknown'. */
  lang: string
  enclosures: FeedEnclosure[]
}

const TRACKING_PARAMS =
  /^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|igshid)$/i
const TRACKING_IN_QUERY =
  /[?&](utm_|fbclid|gclid|dclid|gbraid|wbraid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|igshid)/i
const INLINE_TAG =
  /<\/?(a|abbr|b|bdi|bdo|cite|code|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strong|time|u|var|del|ins)(\s[^<>]*)?>/gi
const DOUBLE_ESCAPED =
  /&(#\d+|#x[0-9a-f]+|amp|quot|apos|nbsp|mdash|ndash|hellip|[lr]squo|[lr]dquo|laquo|raquo);/i
const SUMMARY_LIMIT = 500
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000

/**
 * Turns a parsed entry into a stored item. Pure: the clock comes in as `now` (used for a
 * missing date and to clamp dates more than a day in the future).
 *
 * @example
 * normaliseEntry(feed.items[0], { url: 'https://blog.example/feed' }, new Date())
 */
export function normaliseEntry(
  entry: ParsedEntry,
  feed: FeedContext,
  now: Date,
  detectLang?: DetectLang
): NormalisedItem {
  const url = canonicalUrl(entry.link, feed.url)
  // many feeds (Habr, WordPress excerpts off) carry the whole article in <description> only
  const content = sanitiseContent(entry.contentHtml ?? entry.summary ?? '', url ?? feed.url)
  const contentHtml = content.html
  const contentText = content.text
  const summaryText = cleanText(entry.summary)
  const summary = truncate(summaryText || contentText.replace(/\s+/g, ' '), SUMMARY_LIMIT)
  const title = cleanText(entry.title) || truncate(summary, 120) || url || ''
  const parsedDate = parseFeedDate(entry.published) ?? parseFeedDate(entry.updated)
  const tooFarAhead =
    parsedDate !== null && parsedDate.getTime() - now.getTime() > FUTURE_TOLERANCE_MS
  const key = entryKey(entry, url)
  return {
    key,
    id: itemIdFor(url ?? `${feed.url}#${key}`),
    url,
    title,
    summary,
    contentHtml,
    contentText,
    author: cleanText(entry.author) || null,
    categories: [...new Set(entry.categories.map(cleanText).filter((c) => c !== ''))],
    publishedAt: parsedDate && !tooFarAhead ? parsedDate : new Date(now.getTime()),
    publishedEstimated: parsedDate === null || tooFarAhead,
    updatedAt: parseFeedDate(entry.updated),
    lang: languageOf(feed.lang, detectLang, `${title}\n${summary}`),
    enclosures: entry.enclosures ?? [],
  }
}

// MonitoRSS's order: the guid is what the publisher promises is stable; the link comes next;
// without either, title + date identify the entry (an edited title then counts as a new entry,
// which is the best anyone can do).
function entryKey(entry: ParsedEntry, url: string | null): string {
  const guid = entry.guid?.trim()
  if (guid) return guid
  if (url) return url
  const date =
    entry.published instanceof Date ? entry.published.toISOString() : (entry.published ?? '')
  return `hash:${shortHash(`${cleanText(entry.title)}\n${date}\n${cleanText(entry.summary)}`)}`
}

/**
 * The URL an item is known by: resolved against `base`, http(s) only, host lower-cased, default
 * port and fragment dropped, tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, yclid…)
 * removed. Null when there is no usable http(s) URL.
 *
 * @example
 * canonicalUrl('/a?utm_source=rss&id=2#top', 'https://Example.org/feed') // 'https://example.org/a?id=2'
 */
export function canonicalUrl(link: string | null | undefined, base?: string): string | null {
  const value = link?.trim()
  if (!value) return null
  let url: URL
  try {
    url = base ? new URL(value, base) : new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  url.hash = ''
  // URLSearchParams re-encodes the whole query, so it is touched only when there is something
  // to remove (most links have no tracking parameters)
  if (url.search && TRACKING_IN_QUERY.test(url.search)) {
    for (const name of [...url.searchParams.keys()]) {
      if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name)
    }
    if (url.search === '?') url.search = ''
  }
  return url.href
}

/**
 * Plain text from a title/summary that may hold HTML and entities: scripts and styles dropped,
 * tags removed, entities decoded, whitespace (incl. NBSP) collapsed.
 *
 * @example
 * cleanText('<b>GPT&#8209;5</b> &amp; friends&nbsp;') // 'GPT‑5 & friends'
 */
export function cleanText(value: string | null | undefined): string {
  if (!value) return ''
  let text = value
  // each pass runs only when its trigger character is there: most titles have no markup at all
  if (text.includes('<')) {
    text = removeScriptsAndStyles(text)
    // inline tags join their neighbours ("<em>n</em>-gram"); every other tag separates words,
    // <sup>/<sub> included: "1930ft<sup>2</sup>" reads "1930ft 2", not "1930ft2"
    text = unwrapCdata(text)
      .replace(INLINE_TAG, '')
      .replace(/<\/?[A-Za-z][^<>]*>/g, ' ')
  }
  if (text.includes('&')) {
    text = decode(text, { level: 'html5' })
    // double-escaped publisher text ("&amp;#8217;", "&amp;quot;") needs one more round
    if (DOUBLE_ESCAPED.test(text)) text = decode(text, { level: 'html5' })
  }
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim()
}

/**
 * Content HTML safe to store and show (see sanitise-html.ts for what is kept).
 *
 * @example
 * sanitiseHtml('<p onclick="x()">Hi<script>evil()</script></p>', 'https://a.example/') // '<p>Hi</p>'
 */
export function sanitiseHtml(html: string, base?: string): string {
  return sanitiseContent(html, base).html
}

/**
 * Readable text of HTML: one line per block or table row, table cells separated by ` | ` so
 * figures from neighbouring columns never run together ("86.5%71.2%").
 *
 * @example
 * htmlToText('<table><tr><td>MMLU</td><td>86.5</td></tr></table>') // 'MMLU | 86.5'
 */
export function htmlToText(html: string): string {
  return sanitiseContent(html).text
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text
  const cut = text.slice(0, limit - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

function languageOf(
  feedLang: string | null | undefined,
  detectLang: DetectLang | undefined,
  text: string
): string {
  const declared = primarySubtag(feedLang)
  if (declared) return declared
  return primarySubtag(detectLang?.(text)) ?? 'unknown'
}

// 'und' (undetermined) is what detectors answer when unsure: treat it like no answer
function primarySubtag(lang: string | null | undefined): string | null {
  const match = lang
    ?.trim()
    .toLowerCase()
    .match(/^([a-z]{2,3})(?:[-_]|$)/)
  return match && match[1] !== 'und' ? match[1] : null
}

// ---------- dates

// Month names by their first letters: Russian, plus the Romance and German forms seen in feeds
// ("Seg, 24 Set 2018" from a Brazilian site). English passes through unchanged.
const MONTHS: Array<[RegExp, string]> = [
  [/^(янв|jan|ene|gen)/, 'Jan'],
  [/^(фев|feb|fev|fév)/, 'Feb'],
  [/^(мар|mar|mär)/, 'Mar'],
  [/^(апр|apr|abr|avr)/, 'Apr'],
  [/^(мая|май|may|mai|mag)/, 'May'],
  [/^(июн|jun|juin|giu)/, 'Jun'],
  [/^(июл|jul|juil|lug)/, 'Jul'],
  [/^(авг|aug|ago|aoû|aou)/, 'Aug'],
  [/^(сен|sep|set)/, 'Sep'],
  [/^(окт|oct|okt|out|ott)/, 'Oct'],
  [/^(ноя|nov)/, 'Nov'],
  [/^(дек|dec|dez|dic|déc)/, 'Dec'],
]
const MONTH_WORD = /[A-Za-zÀ-ÿА-Яа-яЁё]{3,}\.?/

// Zone abbreviations V8's Date parser does not know (it knows UT/GMT/Z and the US zones).
const ZONES: Record<string, string> = {
  UTC: '+0000',
  BST: '+0100',
  CET: '+0100',
  CEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  MSK: '+0300',
  IST: '+0530',
  JST: '+0900',
  KST: '+0900',
  AEST: '+1000',
  AEDT: '+1100',
}

const STRICT_RFC822 =
  /^(?:[A-Z][a-z]{2}, )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|Z)$/
const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * A feed date as a Date: RFC 822/1123 (RSS), RFC 3339 (Atom, JSON Feed), and the sloppy forms
 * publishers write — ISO without a zone (read as UTC), a space instead of `T`, zone names like
 * CEST or MSK, Russian month names. Null when the text is not a date.
 *
 * @example
 * parseFeedDate('Fri, 02 Jan 2026 09:30:00 +0300')?.toISOString() // '2026-01-02T06:30:00.000Z'
 */
export function parseFeedDate(raw: string | Date | null | undefined): Date | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw
  // a date is short; a long field is not a date, and is not worth scanning
  const text = raw?.trim().slice(0, 100)
  if (!text) return null
  const iso = text.match(ISO_LIKE)
  if (iso) return fromIsoParts(iso)
  // well-formed RFC 822 with an explicit zone (most RSS) needs none of the repairs below
  if (STRICT_RFC822.test(text)) {
    const ms = Date.parse(text)
    if (!Number.isNaN(ms)) return new Date(ms)
  }
  let rfc = text
    .replace(/^[^\d,]*,\s*/, '') // weekday names (often wrong or localised) carry no information
    .replace(/(\d)(st|nd|rd|th)\b/i, '$1')
  const monthWord = rfc.match(MONTH_WORD)?.[0]
  const month = monthWord && MONTHS.find(([pattern]) => pattern.test(monthWord.toLowerCase()))?.[1]
  if (monthWord && month) {
    // "2 января 2026 г. в 09:30", "5 de mayo de 2024": connecting words go too
    rfc = rfc
      .replace(monthWord, month)
      .replace(/\s+(de|del|à)\s+/gi, ' ')
      .replace(/\s*г\.?(\s|$)/, ' ')
      .replace(/(^|\s)в\s+/, ' ')
  }
  rfc = rfc.replace(/\b([A-Z]{3,4})\s*$/, (whole, zone: string) => ZONES[zone] ?? whole)
  // "02 Jan 26": two-digit years are this century in any feed still being published
  rfc = rfc.replace(/^(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+)(\d{2})(\s)/, '$120$2$3')
  // a date with no zone at all is read as UTC rather than the machine's local time
  if (!/([+-]\d{2}:?\d{2}|\b(GMT|UT|Z|[ECMP][SD]T)\b)\s*$/i.test(rfc) && /\d:\d{2}/.test(rfc))
    rfc += ' +0000'
  const ms = Date.parse(rfc)
  if (Number.isNaN(ms)) return null
  const date = new Date(ms)
  return date.getUTCFullYear() < 1970 ? null : date
}

function fromIsoParts(m: RegExpMatchArray): Date | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m
  const ms = Math.round(Number(`0.${frac}`) * 1000)
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(':', '')
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')
    time -= (digits[0] === '-' ? -1 : 1) * offset * 60_000
  }
  const date = new Date(time)
  if (Number.isNaN(time) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31)
    return null
  return date
}
