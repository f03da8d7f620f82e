import { findEntities, type Entity } from '../entities.js'
import { detectLang } from '../lang.js'
import { stem, wordCount, words } from '../text.js'
import { collectCues, cuesOfWord, type CueHit, type CueName, type WordCues } from './cues.js'

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
  /**
   * Hashes of the character 4-grams of each word (`words[i]` → `grams[i]`, empty for short words
   * and placeholders), computed once for all models and shared between texts with the word.
   */
  grams: readonly Uint32Array[]
  /** What is known of each word on its own (`words[i]` → `facts[i]`), shared between texts. */
  facts: readonly WordFacts[]
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
  const title = item.title.trim()
  const rest = summary.trim()
  return title && rest ? `${title}. ${rest}` : title || rest
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
  const offsets: number[] = []
  SCORE_NUMBER.lastIndex = 0
  for (let m = SCORE_NUMBER.exec(text); m !== null; m = SCORE_NUMBER.exec(text)) {
    offsets.push(m.index)
  }
  return offsets
}

function benchmarkNearNumber(entities: Entity[], numbers: number[]): boolean {
  for (const e of entities) {
    if (e.kind !== 'benchmark') continue
    for (const n of numbers) if (Math.abs(n - e.start) <= NEAR_CHARS) return true
  }
  return false
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
  const found = words(withPlaceholders(text, entities))
  const count = found.length
  const cueWords: string[] = new Array<string>(count)
  const plain: string[] = new Array<string>(count)
  const stemmed: string[] = new Array<string>(count)
  const grams: Uint32Array[] = new Array<Uint32Array>(count)
  const facts: WordFacts[] = new Array<WordFacts>(count)
  const wordCues: WordCues[] = new Array<WordCues>(count)
  for (let i = 0; i < count; i++) {
    const fact = factsOf(found[i] as string)
    facts[i] = fact
    cueWords[i] = fact.cueWord
    plain[i] = fact.plain
    stemmed[i] = fact.stem
    grams[i] = fact.grams
    wordCues[i] = fact.cues
  }
  const cues = collectCues(cueWords, wordCues)
  const cueNames = namesOf(cues)
  const titleEntities: Entity[] = []
  for (const e of entities) if (e.end <= item.title.length) titleEntities.push(e)
  const titleWords = wordCount(
    titleEntities.length > 0 ? withPlaceholders(item.title, titleEntities) : item.title
  )
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
    grams,
    facts,
    signals,
    placedCues: [...placedCues],
  }
}

/**
 * What the classifier derives from a word on its own: the same for every text it appears in.
 * Memoised per word, so a text costs one lookup per word whatever the number of models.
 */
export interface WordFacts {
  /** The word as cues read it (’ as '). */
  readonly cueWord: string
  /** As features read it: numbers become '#n'. */
  readonly plain: string
  readonly stem: string
  /** Hashes of the character 4-grams of `plain`. */
  readonly grams: Uint32Array
  /** The cues inside the word, and where multi-word cues go on from it. */
  readonly cues: WordCues
  /**
   * What the last model that scored the word looked up for it (set by the scorer, checked
   * against the model), so scoring needs no lookup by string of its own.
   */
  scored: { model: object; weights: unknown } | undefined
}

// News vocabulary repeats, and a word's stem and grams cost far more than one lookup; bounded so
// that a stream of odd tokens cannot grow it without end.
const wordFacts = new Map<string, WordFacts>()
const WORD_FACTS_LIMIT = 100_000
const NO_GRAMS = new Uint32Array(0)

function factsOf(word: string): WordFacts {
  const known = wordFacts.get(word)
  if (known) return known
  const cueWord = word.includes('’') ? word.replace(/’/g, "'") : word
  const first = cueWord.charCodeAt(0)
  const plain = first >= 48 && first <= 57 ? '#n' : cueWord
  const isToken = plain === '#n' || PLACEHOLDER_WORDS.has(plain)
  const fact: WordFacts = {
    cueWord,
    plain,
    stem: isToken ? plain : stem(plain),
    grams: isToken || plain.length < CHAR_GRAM ? NO_GRAMS : wordGrams(plain),
    cues: cuesOfWord(cueWord),
    scored: undefined,
  }
  if (wordFacts.size >= WORD_FACTS_LIMIT) wordFacts.clear()
  wordFacts.set(word, fact)
  return fact
}

function wordGrams(word: string): Uint32Array {
  const padded = `_${word}_`
  const hashes = new Uint32Array(padded.length - CHAR_GRAM + 1)
  for (let j = 0; j < hashes.length; j++) hashes[j] = gramHash(padded, j, CHAR_GRAM)
  return hashes
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
  if (parts.grams) {
    for (const wordGrams of analysis.grams)
      for (const hash of wordGrams) visit.gram(hash, CHAR_GRAM_VALUE)
  }
  const named = namedFeatures(analysis)
  for (let n = 0; n < named.length; n += 2) visit.named(named[n] as string, named[n + 1] as number)
}

/** The value each word, bigram and gram feature has (cue and signal values vary). */
export const FEATURE_VALUES = { word: 1, bigram: BIGRAM_VALUE, gram: CHAR_GRAM_VALUE } as const

/**
 * Cue groups (`q:`), the count of doubt kinds and structural signals (`s:`) and doubt cues by
 * place (`n:`, `t:`) of an analysed item, in visiting order, as a flat `[key, value, key, value…]`
 * list (scoring reads it without building pairs).
 *
 * @example
 * namedFeatures(analyse({ title: 'Scores inflated' })) // ['q:evaluation', 2, 'q:inflated', 2, …]
 */
export function namedFeatures(analysis: Analysis): (string | number)[] {
  const out: (string | number)[] = []
  const cueNames = namesOf(analysis.cues)
  let doubts = 0
  for (const name of cueNames) {
    out.push(keyOf('q:', name), CUE_VALUE)
    if (DOUBT_CUES.has(name)) doubts++
  }
  if (doubts > 0) out.push('s:doubtKinds', Math.min(doubts, 4))
  for (const signal of analysis.signals) out.push(keyOf('s:', signal), SIGNAL_VALUE)
  for (const placed of analysis.placedCues) out.push(placed, CUE_VALUE)
  return out
}

// Feature keys of cue groups and signals are made once: scoring looks them up by string for
// every item, and a string that is used again keeps its hash.
const namedKeys = new Map<string, Map<string, string>>()

function keyOf(prefix: 'q:' | 's:' | 'n:' | 't:', name: string): string {
  let byName = namedKeys.get(prefix)
  if (!byName) namedKeys.set(prefix, (byName = new Map()))
  let key = byName.get(name)
  if (key === undefined) byName.set(name, (key = prefix + name))
  return key
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

function namesOf(cues: readonly CueHit[]): Set<CueName> {
  const names = new Set<CueName>()
  for (const hit of cues) names.add(hit.name)
  return names
}

function isNear(anchors: readonly number[], word: number): boolean {
  for (let a = 0; a < anchors.length; a++) {
    if (Math.abs((anchors[a] as number) - word) <= NEAR_WORDS) return true
  }
  return false
}

// Plain loops rather than filter/some chains: this runs for every item, and loops keep the
// optimised code stable whatever mix of empty and filled lists items bring.
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
  let benchmarks = 0
  let models = 0
  for (const e of entities) {
    if (e.kind === 'benchmark') benchmarks++
    else if (e.kind === 'model') models++
  }
  if (benchmarks > 0) signals.add('benchmark')
  if (models > 0) signals.add('model')
  const numbers = scoreNumberOffsets(text)
  if (numbers.length >= 2) signals.add('severalScores')
  if (benchmarks > 0 && numbers.length > 0 && benchmarkNearNumber(entities, numbers)) {
    signals.add('benchmarkNearNumber')
  }
  let negated = false
  let plainConfirm = false
  let confirmInTitle = false
  let doubtInTitle = false
  let doubtNear = false
  const anchors: number[] = []
  for (const hit of cues) {
    if (hit.name === 'evaluation' || hit.name === 'leaderboard') anchors.push(hit.word)
    if (hit.name !== 'confirm') continue
    if (hit.word < titleWords) confirmInTitle = true
    let negatedHere = false
    for (const n of cues) {
      if (n.name === 'negation' && n.word < hit.word && hit.word - n.word <= 3) negatedHere = true
    }
    if (negatedHere) negated = true
    else plainConfirm = true
  }
  if (negated) signals.add('negatedConfirmation')
  if (plainConfirm && !negated) signals.add('plainConfirmation')
  let doubt = negated
  for (const name of cueNames) if (DOUBT_CUES.has(name)) doubt = true
  const evaluation = benchmarks > 0 || cueNames.has('evaluation') || cueNames.has('leaderboard')
  if (doubt && evaluation) signals.add('doubtAboutEvaluation')
  if (cueNames.has('claim') && cueNames.has('independent')) signals.add('claimAndIndependent')
  if (cueNames.has('launch') && !doubt) signals.add('launchWithoutDoubt')
  if (cueNames.has('otherScandal') && !evaluation) signals.add('otherScandalWithoutEvaluation')
  // Doubt that sits next to a score, benchmark or ranking, within a few words, is about a result;
  // doubt elsewhere in the text ("critics worry about misinformation") often is not.
  for (let i = 0; i < plain.length; i++) if (plain[i] === 'xbench') anchors.push(i)
  for (const d of cues) {
    if (!DOUBT_CUES.has(d.name)) continue
    if (isNear(anchors, d.word)) {
      placed.add(keyOf('n:', d.name))
      doubtNear = true
    }
    if (d.word < titleWords) {
      placed.add(keyOf('t:', d.name))
      doubtInTitle = true
    }
  }
  if (doubtNear) signals.add('doubtNearEvaluation')
  if (doubtInTitle || (negated && confirmInTitle)) signals.add('doubtInTitle')
  if (title.trim().endsWith('?')) signals.add('question')
  if (/[«“"']\p{L}[^«»“”"]{1,30}[»”"']/u.test(title)) signals.add('scareQuotes')
  return signals
}
