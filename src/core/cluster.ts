import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' }
import { stem, words } from './text.js'

/** How far apart two reports of one story may be published. */
export const STORY_WINDOW_MS = 72 * 60 * 60 * 1000

const STOP = new Set<string>([
  ...(stopwordsIso as Record<string, string[]>).en!,
  ...(stopwordsIso as Record<string, string[]>).ru!,
  // headline filler that says nothing about which story it is
  'news',
  'report',
  'reports',
  'says',
  'said',
  'new',
  'update',
  'exclusive',
  'breaking',
  'новости',
  'заявил',
  'заявила',
  'сообщает',
])
// stopwords-iso lists "new" and single digits for English; model names need them ("o3", "4")
for (const keep of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']) STOP.delete(keep)

// Headline words of benchmark news mapped to one concept, so an English and a Russian report of
// the same story share words ("результаты завышены" ~ "scores inflated") and English synonyms
// meet ("results" ~ "scores"). Keys are Snowball stems; a small list beats a translation model
// for a closed vocabulary like this one.
const CONCEPTS: Record<string, string> = {
  бенчмарк: 'benchmark',
  тест: 'test',
  результат: 'score',
  result: 'score',
  оценк: 'score',
  балл: 'score',
  point: 'score',
  завыш: 'inflat',
  завыс: 'inflat',
  заявлен: 'claim',
  заяв: 'claim',
  независим: 'independ',
  модел: 'model',
  утечк: 'leak',
  утёкш: 'leak',
  утекш: 'leak',
  подтверд: 'confirm',
  опровергл: 'deni',
  сканда: 'scandal',
  выпуст: 'releas',
  представ: 'releas',
  launch: 'releas',
  обвин: 'accus',
  обвинен: 'accus',
  манипуляц: 'manipul',
  подгоня: 'game',
  накрутк: 'game',
  rig: 'game',
  рейтинг: 'leaderboard',
  rank: 'leaderboard',
  лидерборд: 'leaderboard',
  ошибк: 'error',
  mistak: 'error',
  замер: 'measur',
  исследовател: 'research',
  открыт: 'open',
  превзошл: 'beat',
  обошл: 'beat',
  outperform: 'beat',
  проверк: 'test',
  check: 'test',
  verifi: 'test',
  воспроизвест: 'reproduc',
  воспроизвел: 'reproduc',
  загрязнен: 'contamin',
  контаминац: 'contamin',
}

const signatures = new Map<string, string[]>()
const SIGNATURE_MEMO_LIMIT = 50_000
// A word in more recent titles than this names no particular story ("openai" in a busy week):
// it still counts towards similarity, but is not used to find candidates, which keeps matching
// one title cheap however many items the window holds.
const MAX_POSTINGS = 250

/** An item already stored, as clustering needs it. */
export interface StoryCandidate {
  id: string
  storyId: string
  title: string
  feedId: string
  publishedAt: Date
}

/** Options for {@link createStoryIndex}. */
export interface StoryIndexOptions {
  /** Dice similarity of title signatures from which two titles tell one story. Default 0.6. */
  threshold?: number
  /** Shared signature words required besides the ratio. Default 3 (2 for titles of ≤ 3 words). */
  minShared?: number
  windowMs?: number
}

/** Finds the story a new item belongs to among recent items; remembers items added to it. */
export interface StoryIndex {
  /** The best matching story from another feed within the window, or null. */
  match(
    item: Omit<StoryCandidate, 'id' | 'storyId'>
  ): { storyId: string; itemId: string; score: number } | null
  add(item: StoryCandidate): void
}

/**
 * The words that identify a headline: lower-cased, Snowball-stemmed (English and Russian), stop
 * words dropped, benchmark-news words of both languages mapped to one concept, each once. Model
 * names and numbers stay ("o3", "4", "arc", "agi").
 *
 * @example
 * titleSignature("OpenAI's o3 scores lower on ARC-AGI than claimed")
 * // ['openai', 'o3', 'score', 'lower', 'arc', 'agi', 'claim']
 */
export function titleSignature(title: string): string[] {
  const cached = signatures.get(title)
  if (cached) return cached
  const out = new Set<string>()
  for (const word of words(title)) {
    if (STOP.has(word)) continue
    const stemmed = stem(word)
    if (stemmed.length === 0 || STOP.has(stemmed)) continue
    out.add(CONCEPTS[stemmed] ?? stemmed)
  }
  const signature = [...out]
  // a poll cycle indexes the same recent titles once per feed: remembering them is the cheap part
  if (signatures.size >= SIGNATURE_MEMO_LIMIT) signatures.clear()
  signatures.set(title, signature)
  return signature
}

/**
 * Dice coefficient of two title signatures (0..1): shared words relative to both titles' lengths.
 * Normalised-title similarity was chosen over MinHash because headlines are short: MinHash
 * estimates Jaccard well only for long texts, and exact sets of ten words cost nothing.
 *
 * @example
 * titleSimilarity(titleSignature("OpenAI's o3 scores lower on ARC-AGI than claimed"),
 *   titleSignature('o3 falls short of claimed ARC-AGI score')) // ≈ 0.71
 */
export function titleSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0
  const set = new Set(a)
  let shared = 0
  for (const word of b) if (set.has(word)) shared++
  return (2 * shared) / (a.length + b.length)
}

/**
 * An inverted index over recent items' title signatures, so matching one new item looks only at
 * items sharing a word with it. Near-duplicate titles from different feeds, published within
 * 72 h of each other, belong to one story; an item never joins a story through its own feed
 * (a feed repeating a headline is telling a new instalment, not a second source).
 *
 * @example
 * const index = createStoryIndex(recentItems)
 * index.match({ title: 'o3 falls short of claimed ARC-AGI score', feedId: 'b', publishedAt })
 * // { storyId: 'it_1', itemId: 'it_1', score: 0.71 }
 */
export function createStoryIndex(
  candidates: StoryCandidate[] = [],
  options: StoryIndexOptions = {}
): StoryIndex {
  const threshold = options.threshold ?? 0.6
  const windowMs = options.windowMs ?? STORY_WINDOW_MS
  const entries: Array<{ item: StoryCandidate; signature: string[] }> = []
  const postings = new Map<string, number[]>()

  function add(item: StoryCandidate): void {
    const signature = titleSignature(item.title)
    const at = entries.push({ item, signature }) - 1
    for (const word of signature) {
      const list = postings.get(word)
      if (list) list.push(at)
      else postings.set(word, [at])
    }
  }
  for (const c of candidates) add(c)

  return {
    add,
    match(item) {
      const signature = titleSignature(item.title)
      const minShared = options.minShared ?? (signature.length <= 3 ? 2 : 3)
      const words = new Set(signature)
      const considered = new Set<number>()
      let best: { storyId: string; itemId: string; score: number } | null = null
      const time = item.publishedAt.getTime()
      for (const word of signature) {
        const list = postings.get(word)
        if (!list || list.length > MAX_POSTINGS) continue
        for (const at of list) {
          if (considered.has(at)) continue
          considered.add(at)
          const entry = entries[at]!
          if (entry.item.feedId === item.feedId) continue
          if (Math.abs(entry.item.publishedAt.getTime() - time) > windowMs) continue
          let shared = 0
          for (const w of entry.signature) if (words.has(w)) shared++
          if (shared < minShared) continue
          const score = (2 * shared) / (signature.length + entry.signature.length)
          if (score >= threshold && (!best || score > best.score)) {
            best = {
              storyId: entry.item.storyId,
              itemId: entry.item.id,
              score: Math.round(score * 1000) / 1000,
            }
          }
        }
      }
      return best
    },
  }
}
