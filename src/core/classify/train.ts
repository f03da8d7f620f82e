import { sigmoid, type LinearModel } from './model.js'

/** One labelled feature vector. */
export interface TrainingExample {
  features: ReadonlyMap<string, number>
  label: 0 | 1
}

/** Training settings; the defaults are what `npm run train` uses. */
export interface TrainOptions {
  /** L2 penalty on weights (not the bias), per example. */
  l2: number
  iterations: number
  learningRate: number
  /** Features seen in fewer examples are dropped before training. */
  minCount: number
  /** After a first fit, only this many strongest features are kept and the model is refit. */
  maxFeatures: number
}

/**
 * The settings `npm run train` uses (cross-validation showed little sensitivity to them).
 *
 * @example
 * trainLogistic(examples, { ...DEFAULT_TRAIN_OPTIONS, l2: 0.005 })
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  l2: 0.002,
  iterations: 400,
  learningRate: 0.05,
  minCount: 2,
  maxFeatures: 2000,
}

interface Dataset {
  vocabulary: string[]
  rows: { index: Int32Array; value: Float64Array; label: number }[]
}

function buildDataset(
  examples: readonly TrainingExample[],
  keep: (key: string) => boolean
): Dataset {
  const counts = new Map<string, number>()
  for (const e of examples)
    for (const key of e.features.keys()) counts.set(key, (counts.get(key) ?? 0) + 1)
  const vocabulary = [...counts.keys()].filter(keep).sort()
  const position = new Map(vocabulary.map((k, i) => [k, i]))
  const rows = examples.map((e) => {
    const pairs = [...e.features].filter(([k]) => position.has(k))
    return {
      index: Int32Array.from(pairs, ([k]) => position.get(k) as number),
      value: Float64Array.from(pairs, ([, v]) => v),
      label: e.label,
    }
  })
  return { vocabulary, rows }
}

// Full-batch Adam on the L2-regularised log loss: no randomness, so the same data always gives the
// same weights. A hand-written trainer because the data is a few thousand sparse rows and the ML
// libraries on npm are either dense-only or pull in native/tensor runtimes.
function fit(data: Dataset, options: TrainOptions): { bias: number; weights: Float64Array } {
  const n = data.rows.length
  const dims = data.vocabulary.length
  const weights = new Float64Array(dims)
  const m = new Float64Array(dims + 1)
  const v = new Float64Array(dims + 1)
  const grad = new Float64Array(dims + 1)
  let bias = 0
  const beta1 = 0.9
  const beta2 = 0.999
  for (let step = 1; step <= options.iterations; step++) {
    grad.fill(0)
    for (const row of data.rows) {
      let z = bias
      for (let k = 0; k < row.index.length; k++)
        z += (weights[row.index[k] as number] as number) * (row.value[k] as number)
      const error = sigmoid(z) - row.label
      for (let k = 0; k < row.index.length; k++) {
        const i = row.index[k] as number
        grad[i] = (grad[i] as number) + error * (row.value[k] as number)
      }
      grad[dims] = (grad[dims] as number) + error
    }
    const correction1 = 1 - beta1 ** step
    const correction2 = 1 - beta2 ** step
    for (let i = 0; i <= dims; i++) {
      const isBias = i === dims
      const g = (grad[i] as number) / n + (isBias ? 0 : options.l2 * (weights[i] as number))
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g
      const delta =
        (options.learningRate * ((m[i] as number) / correction1)) /
        (Math.sqrt((v[i] as number) / correction2) + 1e-8)
      if (isBias) bias -= delta
      else weights[i] = (weights[i] as number) - delta
    }
  }
  return { bias, weights }
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4
}

/**
 * Trains a logistic-regression model, deterministically: features seen at least `minCount`
 * times, a first fit, then a refit on the `maxFeatures` strongest features (keeps the committed
 * artefact small). Weights are rounded to 4 decimals.
 *
 * @example
 * const model = trainLogistic([{ features: new Map([['w:inflat', 1]]), label: 1 }, …])
 */
export function trainLogistic(
  examples: readonly TrainingExample[],
  options: Partial<TrainOptions> = {}
): LinearModel {
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options }
  const counts = new Map<string, number>()
  for (const e of examples)
    for (const key of e.features.keys()) counts.set(key, (counts.get(key) ?? 0) + 1)
  const first = buildDataset(examples, (k) => (counts.get(k) ?? 0) >= settings.minCount)
  const firstFit = fit(first, settings)
  const strongest = new Set(
    first.vocabulary
      .map((key, i) => [key, Math.abs(firstFit.weights[i] as number)] as const)
      .filter(([, w]) => w >= 1e-3)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, settings.maxFeatures)
      .map(([key]) => key)
  )
  const second = buildDataset(examples, (k) => strongest.has(k))
  const secondFit = fit(second, settings)
  const weights: Record<string, number> = {}
  second.vocabulary.forEach((key, i) => {
    const w = round(secondFit.weights[i] as number)
    if (w !== 0) weights[key] = w
  })
  return { bias: round(secondFit.bias), weights }
}
