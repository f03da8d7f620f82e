import snowball from 'snowball-stemmers'

const english = snowball.newStemmer('english')
const russian = snowball.newStemmer('russian')
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu
const CYRILLIC = /[\u0400-\u04ff]/
const LATIN = /[a-z]/

// Stemming is the hot path of search indexing and classification; news vocabulary is small
// enough that a bounded memo pays off many times over.
const memo = new Map<string, string>()
const MEMO_LIMIT = 200_000

/**
 * Lower-cased words of a text (letters and digits, apostrophes inside words kept), ё folded to е.
 *
 * @example
 * words('Llama-4 набрала 86,5% на MMLU') // ['llama', '4', 'набрала', '86', '5', 'на', 'mmlu']
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase()
  return ((lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower).match(WORD) ?? []) as string[]
}

const WORD_COUNTER = new RegExp(WORD.source, 'gu')

/**
 * How many words {@link words} finds in a text, without building them.
 *
 * @example
 * wordCount('Llama-4 набрала 86,5%') // 4
 */
export function wordCount(text: string): number {
  const lower = text.toLowerCase()
  const folded = lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower
  let count = 0
  WORD_COUNTER.lastIndex = 0
  while (WORD_COUNTER.test(folded)) count++
  return count
}

/**
 * The Snowball stem of one lower-cased word: Russian for Cyrillic words, English for Latin ones,
 * the word itself otherwise (numbers, other scripts).
 *
 * @example
 * stem('нейросетью') // 'нейросет'
 * stem('benchmarks') // 'benchmark'
 */
export function stem(word: string): string {
  const cached = memo.get(word)
  if (cached !== undefined) return cached
  let out = word
  if (CYRILLIC.test(word)) out = russian.stem(word)
  else if (LATIN.test(word)) out = english.stem(word.replace(/['’]s$/, ''))
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(word, out)
  return out
}

/**
 * Stems of every word of a text, in order.
 *
 * @example
 * stems('Benchmarks inflated') // ['benchmark', 'inflat']
 */
export function stems(text: string): string[] {
  return words(text).map(stem)
}

/**
 * The text stored for full-text search: stemmed words of every part, space-separated. The same
 * function stems queries, so "моделью" finds "модели" and "benchmarks" finds "benchmark".
 *
 * @example
 * searchText('Llama 4 benchmarks', 'заявленные результаты') // 'llama 4 benchmark заявлен результат'
 */
export function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .map((p) => stems(p).join(' '))
    .join(' ')
}
