import type { Entity } from '../entities.js'
import trainedModel from './model.json' with { type: 'json' }
import { analyse, type ClassifiableItem } from './features.js'
import { CONTROVERSY_TAGS, sigmoid, type ClassifierModel, type ControversyTag } from './model.js'
import { explain } from './reasons.js'
import { labelLogit, tagLogits } from './scorer.js'

export type { ClassifiableItem } from './features.js'
export { CONTROVERSY_TAGS, type ClassifierModel, type ControversyTag } from './model.js'
export { localizeReason } from './reasons.js'

/** The classifier's verdict on one item. */
export interface Classification {
  label: 'controversy' | 'not'
  /** Probability-like score in 0..1; `label` is controversy when it reaches the model threshold. */
  score: number
  /** Controversy tags, most likely first; empty for `not`. */
  tags: ControversyTag[]
  /** Short human-readable signals behind the decision (shown by /why). */
  reasons: string[]
  /** ISO 639-1 code, or 'und'. */
  lang: string
  modelVersion: string
  entities: Entity[]
}

/** The committed offline model (`npm run train` rewrites it). */
export const defaultModel = trainedModel as ClassifierModel

const MAX_TAGS = 3
const TAG_THRESHOLD = 0.5

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

function pickTags(z: number[]): ControversyTag[] {
  const scored: { tag: ControversyTag; p: number }[] = []
  for (let i = 0; i < CONTROVERSY_TAGS.length; i++) {
    scored.push({ tag: CONTROVERSY_TAGS[i] as ControversyTag, p: sigmoid(z[i] as number) })
  }
  scored.sort((a, b) => b.p - a.p)
  const tags: ControversyTag[] = []
  for (const { tag, p } of scored) if (p >= TAG_THRESHOLD && tags.length < MAX_TAGS) tags.push(tag)
  if (tags.length === 0) tags.push((scored[0] as { tag: ControversyTag }).tag)
  return tags
}

/**
 * Decides whether an item reports a benchmark controversy (inflated, contaminated, cherry-picked,
 * gamed, non-reproducible… results) or not (launches, leaderboard updates, confirmations, other
 * AI news), with a score, tags and the reasons. Offline, deterministic, English and Russian.
 *
 * @example
 * classify({ title: 'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%' })
 * // { label: 'controversy', score: 0.97, tags: ['fabricated', …], reasons: ["'завышены' about …"], lang: 'ru', … }
 */
export function classify(
  item: ClassifiableItem,
  model: ClassifierModel = defaultModel
): Classification {
  const analysis = analyse(item)
  const score = sigmoid(labelLogit(model, analysis))
  const label = score >= model.threshold ? 'controversy' : 'not'
  return {
    label,
    score: round(score),
    tags: label === 'controversy' ? pickTags(tagLogits(model, analysis)) : [],
    reasons: explain(analysis, label, (hit) => {
      const weights = model.label.weights
      const near = analysis.placedCues.includes(`n:${hit.name}`)
      return (
        (weights[`q:${hit.name}`] ?? 0) +
        (near ? (weights[`n:${hit.name}`] ?? 0) : 0) +
        (weights[`w:${analysis.stems[hit.word]}`] ?? 0)
      )
    }),
    lang: analysis.lang,
    modelVersion: model.modelVersion,
    entities: analysis.entities,
  }
}
