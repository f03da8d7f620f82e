/** The fixed list of controversy tags. */
export const CONTROVERSY_TAGS = [
  'contamination',
  'cherry-picking',
  'leaderboard-gaming',
  'non-reproducible',
  'undisclosed-conditions',
  'conflict-of-interest',
  'fabricated',
  'methodology-dispute',
] as const

/** One of {@link CONTROVERSY_TAGS}. */
export type ControversyTag = (typeof CONTROVERSY_TAGS)[number]

/** A logistic-regression scorer over sparse features. */
export interface LinearModel {
  bias: number
  weights: Record<string, number>
}

/** The trained artefact: the label model, one model per tag, and the decision threshold. */
export interface ClassifierModel {
  modelVersion: string
  /** Score at or above which an item is a controversy. */
  threshold: number
  label: LinearModel
  tags: Record<ControversyTag, LinearModel>
}

/**
 * The logistic function.
 *
 * @example
 * sigmoid(0) // 0.5
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/**
 * The raw linear score (log-odds) of a sparse feature vector.
 *
 * @example
 * logit({ bias: -1, weights: { 'w:inflat': 3 } }, new Map([['w:inflat', 1]])) // 2
 */
export function logit(model: LinearModel, features: ReadonlyMap<string, number>): number {
  let z = model.bias
  for (const [key, value] of features) {
    const w = model.weights[key]
    if (w !== undefined) z += w * value
  }
  return z
}

/**
 * The features that pushed a score most, strongest first, as `[key, contribution]`.
 *
 * @example
 * contributions({ bias: 0, weights: { a: 2, b: -1 } }, new Map([['a', 1], ['b', 1]]), 1) // [['a', 2]]
 */
export function contributions(
  model: LinearModel,
  features: ReadonlyMap<string, number>,
  limit: number
): [string, number][] {
  const out: [string, number][] = []
  for (const [key, value] of features) {
    const w = model.weights[key]
    if (w !== undefined && w * value !== 0) out.push([key, w * value])
  }
  return out
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, limit)
}
