import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' }
import { findEntities } from './entities.js'
import { htmlToText, looksLikeHtml } from './extract/html.js'
import { splitSentences } from './extract/sentences.js'
import { findCues } from './extract/vocabulary.js'
import { stem, words } from './text.js'

/**
 * What a summariser reads: an item's title and text (HTML is turned into text first).
 *
 * @example
 * const input: SummaryInput = { title: 'Llama 4 scores inflated', text: 'A leaked transcript…', lang: 'en' }
 */
export interface SummaryInput {
  title: string
  text: string
  /** 'en' or 'ru' when known; both are handled either way. */
  lang?: string
}

/**
 * Turns an item into a short summary. The offline one ships here; an LLM-backed one (a port in
 * the adapters) implements the same interface and falls back to it with {@link withFallback}.
 *
 * @example
 * const summary = await createOfflineSummariser().summarise({ title, text })
 */
export interface Summariser {
  summarise(input: SummaryInput): Promise<string>
}

/** Limits of an extractive summary. */
export interface SummaryOptions {
  /** Default 400. */
  maxChars?: number
  /** Default 3. */
  maxSentences?: number
}

const STOPWORDS = new Set(
  [
    ...(stopwordsIso as Record<string, string[]>).en!,
    ...(stopwordsIso as Record<string, string[]>).ru!,
  ].map((w) => w.toLowerCase().replace(/ё/g, 'е'))
)

const MAX_SENTENCES = 60

interface Candidate {
  text: string
  index: number
  terms: Map<string, number>
  entities: number
  numbers: number
  /** Claimed / measured wording: the sentences this product's readers came for. */
  cues: number
}

function termsOf(text: string): Map<string, number> {
  const terms = new Map<string, number>()
  for (const word of words(text)) {
    if (STOPWORDS.has(word) || /^\d+$/.test(word)) continue
    const s = stem(word)
    terms.set(s, (terms.get(s) ?? 0) + 1)
  }
  return terms
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (const [term, count] of a) {
    na += count * count
    const other = b.get(term)
    if (other) dot += count * other
  }
  for (const count of b.values()) nb += count * count
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}

function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  const cut = text.slice(0, maxChars - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:—–-]+$/, '')}…`
}

/**
 * An extractive summary: the 2–3 sentences (at most `maxChars`, default 400 characters) that are
 * most central to the text and the title, favouring early sentences and ones that name models,
 * benchmarks and figures, in their original order. Deterministic; English and Russian.
 *
 * @example
 * summariseText({ title: 'Llama 4 scores inflated', text: 'A leaked transcript says… Meta declined to comment.' })
 * // 'A leaked transcript says …'
 */
export function summariseText(input: SummaryInput, options: SummaryOptions = {}): string {
  const maxChars = options.maxChars ?? 400
  const maxSentences = options.maxSentences ?? 3
  const text = looksLikeHtml(input.text) ? htmlToText(input.text) : input.text
  const sentences = splitSentences(text)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    // Table rows and captions are not sentences a reader wants in a summary.
    .filter(
      (s) => s.length >= 20 && !/\|/.test(s) && (s.match(/\p{L}/gu)?.length ?? 0) > s.length * 0.5
    )
  if (sentences.length === 0)
    return clip(text.replace(/\s+/g, ' ').trim() || input.title.trim(), maxChars)
  const title = termsOf(input.title)
  // News puts what matters first; centrality is quadratic, so long texts are read from the top.
  const candidates: Candidate[] = sentences.slice(0, MAX_SENTENCES).map((s, index) => ({
    text: s,
    index,
    terms: termsOf(s),
    entities: findEntities(s).length,
    numbers: (s.match(/\d+(?:[.,]\d+)?\s?%/g) ?? []).length,
    cues: new Set(
      findCues(s)
        .filter((cue) => cue.strong)
        .map((cue) => cue.role)
    ).size,
  }))
  const scored = candidates.map((c) => {
    let centrality = 0
    for (const other of candidates) if (other !== c) centrality += cosine(c.terms, other.terms)
    centrality /= Math.max(1, candidates.length - 1)
    const position = 1 / (1 + c.index * 0.5)
    const length = c.text.length < 40 ? 0.5 : c.text.length > 300 ? 0.7 : 1
    const score =
      (centrality * 2 +
        cosine(c.terms, title) * 1.5 +
        position +
        Math.min(c.entities, 3) * 0.15 +
        Math.min(c.numbers, 2) * 0.1 +
        c.cues * 0.2) *
      length
    return { candidate: c, score }
  })
  scored.sort((a, b) => b.score - a.score || a.candidate.index - b.candidate.index)
  const chosen: Candidate[] = []
  let used = 0
  for (const { candidate } of scored) {
    if (chosen.length >= maxSentences) break
    const extra = candidate.text.length + (chosen.length ? 1 : 0)
    if (used + extra > maxChars) continue
    // A sentence that repeats one already chosen adds nothing.
    if (chosen.some((c) => cosine(c.terms, candidate.terms) > 0.7)) continue
    chosen.push(candidate)
    used += extra
  }
  if (chosen.length === 0) return clip(scored[0]!.candidate.text, maxChars)
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text)
    .join(' ')
}

/**
 * The offline summariser: {@link summariseText} behind the {@link Summariser} interface.
 *
 * @example
 * await createOfflineSummariser({ maxChars: 300 }).summarise({ title, text })
 */
export function createOfflineSummariser(options: SummaryOptions = {}): Summariser {
  return {
    async summarise(input) {
      return summariseText(input, options)
    },
  }
}

/**
 * A summariser that asks `primary` and, when it fails or returns nothing, `fallback`.
 * `onFallback` hears why (for logging); it is called with the error or null for an empty answer.
 *
 * @example
 * const summariser = withFallback(llmSummariser, createOfflineSummariser(), (e) => log.warn(e))
 */
export function withFallback(
  primary: Summariser,
  fallback: Summariser,
  onFallback?: (error: unknown) => void
): Summariser {
  return {
    async summarise(input) {
      try {
        const summary = await primary.summarise(input)
        if (summary.trim()) return summary
        onFallback?.(null)
      } catch (error) {
        onFallback?.(error)
      }
      return fallback.summarise(input)
    },
  }
}
