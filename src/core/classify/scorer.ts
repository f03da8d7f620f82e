import { FEATURE_VALUES, namedFeatures, type Analysis, type WordFacts } from './features.js'
import { CONTROVERSY_TAGS, type ClassifierModel, type LinearModel } from './model.js'

// A model is compiled once into lookups by feature part, so scoring builds no key strings: stems
// and cue keys by string, bigrams by a pair of small stem ids, character grams by hash in an
// open-addressing table. The label and the 8 tag models share the tables; each feature holds the
// label's weight and a row of the tags' weights (0 where a tag model lacks it). The label is
// scored alone (every item), the tags together (controversies only). Terms are added in
// `visitFeatures` order, and adding 0 for a missing feature leaves a sum unchanged, so the logits
// equal those of a plain sparse dot product of each model with `featureVector`.
const TAGS = CONTROVERSY_TAGS.length

/** The weights of one feature: the label model's, and one per tag model (absent if all 0). */
interface Weights {
  label: number
  tags: Float64Array | undefined
}

/** What a model knows about one stem: its word weights and its id in the bigram table. */
interface StemEntry extends Weights {
  /** -1 when the stem is in no bigram. */
  bigramId: number
}

interface CompiledModel {
  labelBias: number
  tagBiases: Float64Array
  stems: Map<string, StemEntry>
  /** Bigram weights by `firstId * bigramStride + secondId`. */
  bigrams: Map<number, Weights>
  bigramStride: number
  grams: GramTable
  /** Cue groups and structural signals, by full key (`q:…`, `s:…`, `n:…`, `t:…`). */
  named: Map<string, Weights>
  tagsUseBigrams: boolean
  tagsUseGrams: boolean
}

/** What a model weighs in one word: its stem's entry and its grams' non-zero label weights. */
interface WordWeights {
  entry: StemEntry | undefined
  /** In gram order, zeros left out. */
  gramLabels: Float64Array
}

// Open addressing over the gram hashes: an item has about a hundred grams, and a probe in a typed
// array is several times cheaper than a Map lookup.
interface GramTable {
  mask: number
  keys: Uint32Array
  /** Index into `weights`, -1 for an empty slot. */
  slots: Int32Array
  weights: Weights[]
}

function gramTable(entries: Map<number, Weights>): GramTable {
  let size = 16
  while (size < entries.size * 2) size *= 2
  const table: GramTable = {
    mask: size - 1,
    keys: new Uint32Array(size),
    slots: new Int32Array(size).fill(-1),
    weights: [],
  }
  for (const [hash, weights] of entries) {
    let slot = hash & table.mask
    while (table.slots[slot] !== -1) slot = (slot + 1) & table.mask
    table.keys[slot] = hash
    table.slots[slot] = table.weights.length
    table.weights.push(weights)
  }
  return table
}

function gramWeights(table: GramTable, hash: number): Weights | undefined {
  for (let slot = hash & table.mask; ; slot = (slot + 1) & table.mask) {
    const index = table.slots[slot] as number
    if (index === -1) return undefined
    if (table.keys[slot] === hash) return table.weights[index]
  }
}

const compiledModels = new WeakMap<ClassifierModel, CompiledModel>()

function setWeight<K>(all: Map<K, Weights>, key: K, model: number, weight: number): void {
  let weights = all.get(key)
  if (!weights) all.set(key, (weights = { label: 0, tags: undefined }))
  if (model === 0) weights.label = weight
  else (weights.tags ??= new Float64Array(TAGS))[model - 1] = weight
}

function compile(model: ClassifierModel): CompiledModel {
  const linear: LinearModel[] = [model.label, ...CONTROVERSY_TAGS.map((tag) => model.tags[tag])]
  const words = new Map<string, Weights>()
  const bigramsByText = new Map<string, Weights>()
  const grams = new Map<number, Weights>()
  const named = new Map<string, Weights>()
  let tagsUseBigrams = false
  let tagsUseGrams = false
  linear.forEach((m, index) => {
    for (const [key, weight] of Object.entries(m.weights)) {
      const body = key.slice(2)
      if (key.startsWith('w:')) setWeight(words, body, index, weight)
      else if (key.startsWith('b:')) {
        setWeight(bigramsByText, body, index, weight)
        tagsUseBigrams ||= index > 0
      } else if (key.startsWith('c:')) {
        setWeight(grams, parseInt(body, 36), index, weight)
        tagsUseGrams ||= index > 0
      } else setWeight(named, key, index, weight)
    }
  })
  const stems = new Map<string, StemEntry>()
  const entryOf = (stem: string) => {
    let entry = stems.get(stem)
    if (!entry) {
      const weights = words.get(stem)
      entry = { label: weights?.label ?? 0, tags: weights?.tags, bigramId: -1 }
      stems.set(stem, entry)
    }
    return entry
  }
  for (const stem of words.keys()) entryOf(stem)
  let bigramStems = 0
  const bigramIdOf = (stem: string) => {
    const entry = entryOf(stem)
    if (entry.bigramId < 0) entry.bigramId = bigramStems++
    return entry.bigramId
  }
  const pairs: [number, number, Weights][] = []
  for (const [body, weights] of bigramsByText) {
    // Stems hold no "_" (they are runs of letters and digits), so the first one splits cleanly.
    const cut = body.indexOf('_')
    pairs.push([bigramIdOf(body.slice(0, cut)), bigramIdOf(body.slice(cut + 1)), weights])
  }
  return {
    labelBias: model.label.bias,
    tagBiases: Float64Array.from(CONTROVERSY_TAGS, (tag) => model.tags[tag].bias),
    stems,
    bigrams: new Map(pairs.map(([first, second, w]) => [first * bigramStems + second, w])),
    bigramStride: bigramStems,
    grams: gramTable(grams),
    named,
    tagsUseBigrams,
    tagsUseGrams,
  }
}

// The word's facts are shared by every text with the word, so its weights are looked up once and
// kept on them (for the model that scored it last; another model looks them up afresh).
function weightsOf(compiled: CompiledModel, fact: WordFacts): WordWeights {
  const scored = fact.scored
  if (scored !== undefined && scored.model === compiled) return scored.weights as WordWeights
  const gramLabels: number[] = []
  for (let g = 0; g < fact.grams.length; g++) {
    const label = gramWeights(compiled.grams, fact.grams[g] as number)?.label ?? 0
    if (label !== 0) gramLabels.push(label)
  }
  const weights: WordWeights = {
    entry: compiled.stems.get(fact.stem),
    gramLabels: Float64Array.from(gramLabels),
  }
  fact.scored = { model: compiled, weights }
  return weights
}

function compiledFor(model: ClassifierModel): CompiledModel {
  let compiled = compiledModels.get(model)
  if (!compiled) {
    compiled = compile(model)
    compiledModels.set(model, compiled)
  }
  return compiled
}

/**
 * Log-odds that an analysed item is a benchmark controversy.
 *
 * @example
 * sigmoid(labelLogit(model, analyse(item))) // the controversy score
 */
export function labelLogit(model: ClassifierModel, analysis: Analysis): number {
  const compiled = compiledFor(model)
  const { labelBias, bigrams, bigramStride, named } = compiled
  let z = labelBias
  const facts = analysis.facts
  let previousBigramId = -1
  for (let i = 0; i < facts.length; i++) {
    const entry = weightsOf(compiled, facts[i] as WordFacts).entry
    if (entry === undefined) {
      previousBigramId = -1
      continue
    }
    if (entry.label !== 0) z += entry.label * FEATURE_VALUES.word
    if (previousBigramId >= 0 && entry.bigramId >= 0) {
      const weights = bigrams.get(previousBigramId * bigramStride + entry.bigramId)
      if (weights !== undefined && weights.label !== 0) z += weights.label * FEATURE_VALUES.bigram
    }
    previousBigramId = entry.bigramId
  }
  for (let i = 0; i < facts.length; i++) {
    const gramLabels = weightsOf(compiled, facts[i] as WordFacts).gramLabels
    for (let g = 0; g < gramLabels.length; g++) z += (gramLabels[g] as number) * FEATURE_VALUES.gram
  }
  const features = namedFeatures(analysis)
  for (let n = 0; n < features.length; n += 2) {
    const weights = named.get(features[n] as string)
    if (weights !== undefined && weights.label !== 0)
      z += weights.label * (features[n + 1] as number)
  }
  return z
}

function addTags(sums: Float64Array, tags: Float64Array | undefined, value: number): void {
  if (tags === undefined) return
  for (let t = 0; t < TAGS; t++) sums[t] = (sums[t] as number) + (tags[t] as number) * value
}

/**
 * Log-odds of each tag, in {@link CONTROVERSY_TAGS} order (only worth computing for controversies).
 *
 * @example
 * tagLogits(model, analyse(item)).map(sigmoid)
 */
export function tagLogits(model: ClassifierModel, analysis: Analysis): number[] {
  const compiled = compiledFor(model)
  const { bigrams, bigramStride, grams, named } = compiled
  const sums = Float64Array.from(compiled.tagBiases)
  const facts = analysis.facts
  let previousBigramId = -1
  for (let i = 0; i < facts.length; i++) {
    const entry = weightsOf(compiled, facts[i] as WordFacts).entry
    if (entry === undefined) {
      previousBigramId = -1
      continue
    }
    addTags(sums, entry.tags, FEATURE_VALUES.word)
    if (compiled.tagsUseBigrams && previousBigramId >= 0 && entry.bigramId >= 0) {
      const weights = bigrams.get(previousBigramId * bigramStride + entry.bigramId)
      if (weights !== undefined) addTags(sums, weights.tags, FEATURE_VALUES.bigram)
    }
    previousBigramId = entry.bigramId
  }
  if (compiled.tagsUseGrams) {
    for (const hashes of analysis.grams) {
      for (let g = 0; g < hashes.length; g++) {
        addTags(sums, gramWeights(grams, hashes[g] as number)?.tags, FEATURE_VALUES.gram)
      }
    }
  }
  const features = namedFeatures(analysis)
  for (let n = 0; n < features.length; n += 2) {
    addTags(sums, named.get(features[n] as string)?.tags, features[n + 1] as number)
  }
  return Array.from(sums)
}
