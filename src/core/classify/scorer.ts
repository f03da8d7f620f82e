import { visitFeatures, type Analysis, type FeatureVisitor } from './features.js'
import { CONTROVERSY_TAGS, type ClassifierModel, type LinearModel } from './model.js'

/** One linear model laid out for lookups by feature part, so scoring builds no key strings. */
interface CompiledLinear {
  bias: number
  words: Map<string, number>
  bigrams: Map<string, Map<string, number>>
  grams: Map<number, number>
  named: Map<string, number>
}

interface CompiledModel {
  label: CompiledLinear
  tags: CompiledLinear[]
}

const compiledModels = new WeakMap<ClassifierModel, CompiledModel>()

function compileLinear(model: LinearModel): CompiledLinear {
  const compiled: CompiledLinear = {
    bias: model.bias,
    words: new Map(),
    bigrams: new Map(),
    grams: new Map(),
    named: new Map(),
  }
  for (const [key, weight] of Object.entries(model.weights)) {
    const body = key.slice(2)
    if (key.startsWith('w:')) compiled.words.set(body, weight)
    else if (key.startsWith('c:')) compiled.grams.set(parseInt(body, 36), weight)
    else if (key.startsWith('b:')) {
      // Stems hold no "_" (they are runs of letters and digits), so the first one splits cleanly.
      const cut = body.indexOf('_')
      const first = body.slice(0, cut)
      let seconds = compiled.bigrams.get(first)
      if (!seconds) compiled.bigrams.set(first, (seconds = new Map()))
      seconds.set(body.slice(cut + 1), weight)
    } else compiled.named.set(key, weight)
  }
  return compiled
}

function compiledFor(model: ClassifierModel): CompiledModel {
  let compiled = compiledModels.get(model)
  if (!compiled) {
    compiled = {
      label: compileLinear(model.label),
      tags: CONTROVERSY_TAGS.map((tag) => compileLinear(model.tags[tag])),
    }
    compiledModels.set(model, compiled)
  }
  return compiled
}

function score(model: CompiledLinear, analysis: Analysis): number {
  let z = model.bias
  const visitor: FeatureVisitor = {
    word(stem, value) {
      const w = model.words.get(stem)
      if (w !== undefined) z += w * value
    },
    bigram(first, second, value) {
      const w = model.bigrams.get(first)?.get(second)
      if (w !== undefined) z += w * value
    },
    gram(hash, value) {
      const w = model.grams.get(hash)
      if (w !== undefined) z += w * value
    },
    named(key, value) {
      const w = model.named.get(key)
      if (w !== undefined) z += w * value
    },
  }
  visitFeatures(analysis, visitor, { bigrams: model.bigrams.size > 0, grams: model.grams.size > 0 })
  return z
}

/**
 * Log-odds that an analysed item is a benchmark controversy.
 *
 * @example
 * sigmoid(labelLogit(model, analyse(item))) // the controversy score
 */
export function labelLogit(model: ClassifierModel, analysis: Analysis): number {
  return score(compiledFor(model).label, analysis)
}

/**
 * Log-odds of each tag, in {@link CONTROVERSY_TAGS} order (only worth computing for controversies).
 *
 * @example
 * tagLogits(model, analyse(item)).map(sigmoid)
 */
export function tagLogits(model: ClassifierModel, analysis: Analysis): number[] {
  return compiledFor(model).tags.map((tag) => score(tag, analysis))
}
