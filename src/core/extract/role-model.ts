/**
 * A learned fallback for the role of a number in a sentence (the lab's claim, an independent
 * measurement, or neither), for figures the cue vocabulary gives no role. The vocabulary is
 * precise but every new batch of articles brings wording it does not know ("showed the model
 * hitting 93.3%", "managed 77.1%"); a linear model over the words around a number generalises over
 * that wording. Trained by scripts/train-extract.ts (multinomial logistic regression).
 */

import { stem } from '../text.js'
import type { Mention } from './types.js'

/** The roles the model tells apart, in the order of its weight vectors. */
export const ROLE_CLASSES = ['claimed', 'measured', 'neither'] as const
/** One of {@link ROLE_CLASSES}. */
export type NumberRole = (typeof ROLE_CLASSES)[number]

/** Trained weights as stored in JSON: one weight per class for each feature. */
export interface RoleModel {
  /** Words read on each side of the number. */
  window: number
  bias: number[]
  weights: Record<string, number[]>
}

/** A role and the probability the model gives it. */
export interface RolePrediction {
  role: NumberRole
  probability: number
}

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|%/gu
const DIGITS = /\d/
const GRAM_MIN = 3
const GRAM_MAX = 5

interface Token {
  text: string
  start: number
  end: number
}

function tokensOf(sentence: string): Token[] {
  const lower = sentence.toLowerCase().replace(/ё/g, 'е')
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower))
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  return tokens
}

function wordFeatures(prefix: string, word: string, into: string[]): void {
  if (DIGITS.test(word)) {
    into.push(`${prefix}:#`)
    return
  }
  into.push(`${prefix}:s:${stem(word)}`)
  const padded = `<${word}>`
  for (let n = GRAM_MIN; n <= GRAM_MAX; n++)
    for (let i = 0; i + n <= padded.length; i++) into.push(`${prefix}:g:${padded.slice(i, i + n)}`)
}

/** A sentence tokenised once for all the numbers in it, with its benchmark mentions. */
export interface RoleContext {
  tokens: Token[]
  benchmarks: readonly Mention[]
}

/** Tokenises a sentence for {@link roleFeatures} and {@link predictRole}. */
export function roleContext(sentence: string, benchmarks: readonly Mention[]): RoleContext {
  return { tokens: tokensOf(sentence), benchmarks }
}

// Walks the features of the number at [start, end): `word` for each word with the prefix its
// features carry, `feature` for the rest. Training expands words into stems and grams; prediction
// sums a memoised weight vector per prefixed word.
function visitFeatures(
  { tokens, benchmarks }: RoleContext,
  start: number,
  end: number,
  window: number,
  word: (prefix: string, text: string) => void,
  feature: (name: string) => void
): void {
  const benchmarkAt = (t: Token) => benchmarks.some((b) => t.start < b.end && t.end > b.start)
  let first = 0
  while (first < tokens.length && tokens[first]!.end <= start) first++
  let afterIndex = first
  while (afterIndex < tokens.length && tokens[afterIndex]!.start < end) afterIndex++
  let numbersBefore = 0
  for (let i = 0; i < first; i++) if (DIGITS.test(tokens[i]!.text)) numbersBefore++
  let numbersAfter = 0
  for (let i = afterIndex; i < tokens.length; i++) if (DIGITS.test(tokens[i]!.text)) numbersAfter++
  feature(numbersBefore === 0 ? 'pos:first' : numbersAfter === 0 ? 'pos:last' : 'pos:middle')
  feature(first <= 2 ? 'pos:opens' : afterIndex >= tokens.length - 1 ? 'pos:closes' : 'pos:inside')
  const side = (from: number, step: number, label: string) => {
    let crossedNumber = false
    let crossedBenchmark = false
    let read = 0
    for (let i = from; i >= 0 && i < tokens.length && read < window; i += step) {
      const token = tokens[i]!
      if (benchmarkAt(token)) {
        if (read === 0) feature(`${label}:bench-next`)
        crossedBenchmark = true
        read++
        continue
      }
      if (read < 2) word(`${label}${read}`, token.text)
      word(`${label}${crossedNumber ? 'x' : ''}${crossedBenchmark ? 'b' : ''}`, token.text)
      if (DIGITS.test(token.text)) crossedNumber = true
      read++
    }
    if (read === 0) feature(`${label}:edge`)
  }
  side(first - 1, -1, 'b')
  side(afterIndex, 1, 'a')
}

/**
 * The features of the number at [start, end) of a sentence: stems and character 3–5-grams of the
 * words within `window` words before and after it, marked with the side and with whether another
 * number or a benchmark name stands between the word and the number (words past another number
 * usually describe that number); the two nearest words on each side again on their own; the
 * number's place among the sentence's numbers.
 *
 * @example
 * roleFeatures(roleContext('Meta claimed 86.5% on MMLU', []), 13, 18, 6) // ['bias', 'pos:first', …, 'b0:s:claim', …]
 */
export function roleFeatures(
  context: RoleContext,
  start: number,
  end: number,
  window: number
): string[] {
  const features = ['bias']
  visitFeatures(
    context,
    start,
    end,
    window,
    (prefix, text) => wordFeatures(prefix, text, features),
    (name) => features.push(name)
  )
  return features
}

interface CompiledRoleModel {
  weights: Map<string, readonly number[]>
  /** Summed weights of a prefixed word's stem and grams, the costly part, kept per word. */
  words: Map<string, Float64Array>
}

const compiled = new WeakMap<RoleModel, CompiledRoleModel>()
const WORD_MEMO_LIMIT = 50_000

function compile(model: RoleModel): CompiledRoleModel {
  let found = compiled.get(model)
  if (!found) {
    found = { weights: new Map(Object.entries(model.weights)), words: new Map() }
    compiled.set(model, found)
  }
  return found
}

/**
 * The most probable role of the number at [start, end) of a tokenised sentence, with its
 * probability (softmax over the classes).
 *
 * @example
 * predictRole(model, roleContext(sentence, benchmarks), start, end)
 * // { role: 'measured', probability: 0.97 }
 */
export function predictRole(
  model: RoleModel,
  context: RoleContext,
  start: number,
  end: number
): RolePrediction {
  const { weights, words } = compile(model)
  const classes = ROLE_CLASSES.length
  const scores = model.bias.slice(0, classes)
  const add = (w: ArrayLike<number> | undefined) => {
    if (w) for (let k = 0; k < classes; k++) scores[k]! += w[k]!
  }
  visitFeatures(
    context,
    start,
    end,
    model.window,
    (prefix, text) => {
      const key = `${prefix} ${text}`
      let sum = words.get(key)
      if (!sum) {
        sum = new Float64Array(classes)
        const features: string[] = []
        wordFeatures(prefix, text, features)
        for (const f of features) {
          const w = weights.get(f)
          if (w) for (let k = 0; k < classes; k++) sum[k]! += w[k]!
        }
        if (words.size >= WORD_MEMO_LIMIT) words.clear()
        words.set(key, sum)
      }
      add(sum)
    },
    (name) => add(weights.get(name))
  )
  let best = 0
  for (let k = 1; k < classes; k++) if (scores[k]! > scores[best]!) best = k
  let sum = 0
  for (let k = 0; k < classes; k++) sum += Math.exp(scores[k]! - scores[best]!)
  return { role: ROLE_CLASSES[best]!, probability: 1 / sum }
}
