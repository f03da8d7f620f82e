import { findEntities, type Entity } from '../entities.js'
import { detectLang } from '../lang.js'
import { stem, words } from '../text.js'
import { findCues, type CueHit, type CueName } from './cues.js'

/** What the classifier reads: a headline, optionally a summary and the article text. */
export interface ClassifiableItem {
  title: string
  summary?: string | null
  text?: string | null
}

/** Everything the classifier derives from an item before weighing it. */
export interface Analysis {
  lang: string
  entities: Entity[]
  cues: CueHit[]
  /** Lower-cased words with entity names replaced by `xmodel`/`xbench`/`xorg`; cues index into it. */
  words: string[]
  /** Structural signals that hold, by name (`benchmarkNearNumber`, `negatedConfirmation`, …). */
  signals: Set<SignalName>
  /** Stems of `words` (placeholders and `#n` kept as they are). */
  stems: string[]
  /** Doubt cue groups by place: `n:<group>` next to a score or benchmark, `t:<group>` in the title. */
  placedCues: string[]
  /** Hashes of the character 4-grams of every word, computed once for all models. */
  grams: Uint32Array
}

/**
 * Receives each feature of an item. Scoring looks weights up by parts (stem, stem pair, gram
 * hash) so it builds no key strings; `featureVector` joins them into keys.
 */
export interface FeatureVisitor {
  /** Word stem, key `w:<stem>`. */
  word(stem: string, value: number): void
  /** Pair of neighbouring stems, key `b:<first>_<second>`. */
  bigram(first: string, second: string, value: number): void
  /** Hashed character 4-gram of a word, key `c:<base-36 hash>`. */
  gram(hash: number, value: number): void
  /** Cue group (`q:<name>`) or structural signal (`s:<name>`). */
  named(key: string, value: number): void
}

/** Structural signals; each is also a feature `s:<name>`. */
export type SignalName =
  | 'benchmark'
  | 'model'
  | 'benchmarkNearNumber'
  | 'severalScores'
  | 'negatedConfirmation'
  | 'plainConfirmation'
  | 'doubtAboutEvaluation'
  | 'claimAndIndependent'
  | 'launchWithoutDoubt'
  | 'otherScandalWithoutEvaluation'
  | 'question'
  | 'scareQuotes'
  | 'doubtNearEvaluation'
  | 'doubtInTitle'

/** Cue groups that speak against a result (as opposed to launch, confirm, business…). */
export const DOUBT_CUES: ReadonlySet<CueName> = new Set<CueName>([
  'doubt',
  'inflated',
  'contamination',
  'cherryPicking',
  'gaming',
  'nonReproducible',
  'undisclosed',
  'conflict',
  'fabricated',
  'methodology',
])

// The model learnt from headlines with a one-sentence summary. An article body stands in for a
// missing summary with its opening only: a whole article brings doubt words from quotes and
// background that a headline+summary model would overrate, and costs time.
const TEXT_CHARS = 400
const CHAR_GRAM = 4
const CHAR_GRAM_VALUE = 0.25
// Cue groups and structural signals carry the general pattern; a larger value is, under the same
// L2 penalty, a weaker prior pull towards zero, so the model leans on them over rare words.
const CUE_VALUE = 2
const SIGNAL_VALUE = 2
const BIGRAM_VALUE = 0.7
const SCORE_NUMBER = /\d+(?:[.,]\d+)?\s?%|\b\d{1,3}[.,]\d+\b|\bpass@\d+|\bcons@\d+/gi
const NEAR_CHARS = 60
const NEAR_WORDS = 5
const PLACEHOLDER_WORDS = new Set(['xmodel', 'xbench', 'xorg'])
const PLACEHOLDER: Record<Entity['kind'], string> = {
  model: ' xmodel ',
  benchmark: ' xbench ',
  org: ' xorg ',
}

/**
 * The text the classifier reads for an item: the title and the summary, or, without a summary,
 * the opening of the article text.
 *
 * @example
 * itemText({ title: 'A', summary: 'B', text: 'long article' }) // 'A. B'
 */
export function itemText(item: ClassifiableItem): string {
  const summary = item.summary?.trim() ? item.summary : (item.text ?? '').slice(0, TEXT_CHARS)
  const parts = [item.title, summary]
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join('. ')
}

function withPlaceholders(text: string, entities: Entity[]): string {
  let out = ''
  let at = 0
  for (const e of entities) {
    if (e.start < at) continue
    out += text.slice(at, e.start) + PLACEHOLDER[e.kind]
    at = e.end
  }
  return out + text.slice(at)
}

function scoreNumberOffsets(text: string): number[] {
  return [...text.matchAll(SCORE_NUMBER)].map((m) => m.index)
}

/**
 * Reads an item into entities, cues, structural signals and the sparse feature vector the model
 * weighs. Entity names are replaced by placeholders before words are counted, so the model learns
 * "a model's scores were inflated", not "Llama is controversial".
 *
 * @example
 * analyse({ title: 'Tests fail to confirm Llama 4 MMLU score' }).signals.has('negatedConfirmation') // true
 */
export function analyse(item: ClassifiableItem): Analysis {
  const text = itemText(item)
  const entities = findEntities(text)
  const lang = detectLang(text)
  // Cues see numbers ("cons 64", "pass 1"); features see them as '#n'. Same words, same indices.
  const cueWords = words(withPlaceholders(text, entities)).map((w) => w.replace(/’/g, "'"))
  const plain = cueWords.map((w) => (/^\d/.test(w) ? '#n' : w))
  const cues = findCues(cueWords)
  const stemmed = plain.map((w) => (w === '#n' || PLACEHOLDER_WORDS.has(w) ? w : stem(w)))
  const cueNames = new Set(cues.map((c) => c.name))
  const titleWords = words(
    withPlaceholders(
      item.title,
      entities.filter((e) => e.end <= item.title.length)
    )
  ).length
  const placedCues = new Set<string>()
  const signals = structuralSignals(
    item.title,
    text,
    entities,
    cues,
    cueNames,
    titleWords,
    plain,
    placedCues
  )
  return {
    lang,
    entities,
    cues,
    words: plain,
    stems: stemmed,
    grams: wordGrams(plain),
    signals,
    placedCues: [...placedCues],
  }
}

function wordGrams(plain: string[]): Uint32Array {
  const hashes: number[] = []
  for (const w of plain) {
    if (w.length < CHAR_GRAM || w === '#n' || PLACEHOLDER_WORDS.has(w)) continue
    const padded = `_${w}_`
    for (let j = 0; j + CHAR_GRAM <= padded.length; j++) hashes.push(gramHash(padded, j, CHAR_GRAM))
  }
  return Uint32Array.from(hashes)
}

// FNV-1a over one character n-gram: grams are looked up by number, so scoring allocates no
// strings for them (the model stores them as `c:<base-36 hash>`).
function gramHash(text: string, from: number, length: number): number {
  let hash = 0x811c9dc5
  for (let i = from; i < from + length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * Feeds every feature of an analysed item to a visitor: word stems (`w:`), stem bigrams (`b:`),
 * character 4-grams of words (hashed), cue groups (`q:`), doubt cues by place (`n:`, `t:`) and
 * structural signals (`s:`). Repeated
 * features are visited repeatedly (they count).
 *
 * @example
 * visitFeatures(analyse({ title: 'Scores inflated' }), { word: console.log, bigram() {}, gram() {}, named() {} })
 */
export function visitFeatures(
  analysis: Analysis,
  visit: FeatureVisitor,
  parts: { bigrams: boolean; grams: boolean } = { bigrams: true, grams: true }
): void {
  const stemmed = analysis.stems
  let previous = ''
  for (let i = 0; i < stemmed.length; i++) {
    const s = stemmed[i] as string
    visit.word(s, 1)
    if (i > 0 && parts.bigrams) visit.bigram(previous, s, BIGRAM_VALUE)
    previous = s
  }
  if (parts.grams) for (const hash of analysis.grams) visit.gram(hash, CHAR_GRAM_VALUE)
  const cueNames = new Set(analysis.cues.map((c) => c.name))
  let doubts = 0
  for (const name of cueNames) {
    visit.named(`q:${name}`, CUE_VALUE)
    if (DOUBT_CUES.has(name)) doubts++
  }
  if (doubts > 0) visit.named('s:doubtKinds', Math.min(doubts, 4))
  for (const signal of analysis.signals) visit.named(`s:${signal}`, SIGNAL_VALUE)
  for (const placed of analysis.placedCues) visit.named(placed, CUE_VALUE)
}

/** The key a hashed character n-gram has in a model's weights. */
export function gramKey(hash: number): string {
  return `c:${hash.toString(36)}`
}

/**
 * All features of an analysed item as one sparse vector (training and inspection; scoring visits
 * features without building it).
 *
 * @example
 * featureVector(analyse({ title: 'Scores inflated' })).get('q:inflated') // 2 (cues weigh double)
 */
export function featureVector(analysis: Analysis): Map<string, number> {
  const features = new Map<string, number>()
  const add = (key: string, value: number) => {
    if (value !== 0) features.set(key, (features.get(key) ?? 0) + value)
  }
  visitFeatures(analysis, {
    word: (stem, value) => add(`w:${stem}`, value),
    bigram: (first, second, value) => add(`b:${first}_${second}`, value),
    gram: (hash, value) => add(gramKey(hash), value),
    named: add,
  })
  return features
}

function structuralSignals(
  title: string,
  text: string,
  entities: Entity[],
  cues: CueHit[],
  cueNames: Set<CueName>,
  titleWords: number,
  plain: string[],
  placed: Set<string>
): Set<SignalName> {
  const signals = new Set<SignalName>()
  const benchmarks = entities.filter((e) => e.kind === 'benchmark')
  if (benchmarks.length > 0) signals.add('benchmark')
  if (entities.some((e) => e.kind === 'model')) signals.add('model')
  const numbers = scoreNumberOffsets(text)
  if (numbers.length >= 2) signals.add('severalScores')
  if (benchmarks.some((b) => numbers.some((n) => Math.abs(n - b.start) <= NEAR_CHARS))) {
    signals.add('benchmarkNearNumber')
  }
  const negations = cues.filter((c) => c.name === 'negation').map((c) => c.word)
  let negated = false
  let plainConfirm = false
  for (const hit of cues) {
    if (hit.name !== 'confirm') continue
    if (negations.some((n) => n < hit.word && hit.word - n <= 3)) negated = true
    else plainConfirm = true
  }
  if (negated) signals.add('negatedConfirmation')
  if (plainConfirm && !negated) signals.add('plainConfirmation')
  const doubt = [...cueNames].some((n) => DOUBT_CUES.has(n)) || negated
  const evaluation =
    benchmarks.length > 0 || cueNames.has('evaluation') || cueNames.has('leaderboard')
  if (doubt && evaluation) signals.add('doubtAboutEvaluation')
  if (cueNames.has('claim') && cueNames.has('independent')) signals.add('claimAndIndependent')
  if (cueNames.has('launch') && !doubt) signals.add('launchWithoutDoubt')
  if (cueNames.has('otherScandal') && !evaluation) signals.add('otherScandalWithoutEvaluation')
  // Doubt that sits next to a score, benchmark or ranking, within a few words, is about a result;
  // doubt elsewhere in the text ("critics worry about misinformation") often is not.
  const anchors = cues
    .filter((c) => c.name === 'evaluation' || c.name === 'leaderboard')
    .map((c) => c.word)
  plain.forEach((w, i) => {
    if (w === 'xbench') anchors.push(i)
  })
  const doubts = cues.filter((c) => DOUBT_CUES.has(c.name))
  for (const d of doubts) {
    if (anchors.some((a) => Math.abs(a - d.word) <= NEAR_WORDS)) placed.add(`n:${d.name}`)
    if (d.word < titleWords) placed.add(`t:${d.name}`)
  }
  if (doubts.some((d) => anchors.some((a) => Math.abs(a - d.word) <= NEAR_WORDS))) {
    signals.add('doubtNearEvaluation')
  }
  if (
    doubts.some((d) => d.word < titleWords) ||
    (negated && cues.some((c) => c.name === 'confirm' && c.word < titleWords))
  ) {
    signals.add('doubtInTitle')
  }
  if (title.trim().endsWith('?')) signals.add('question')
  if (/[«“"']\p{L}[^«»“”"]{1,30}[»”"']/u.test(title)) signals.add('scareQuotes')
  return signals
}
