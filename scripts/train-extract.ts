/**
 * Trains the extraction role model (claimed / measured / neither for a number, from the words
 * around it) on data/extract/passages.jsonl, all splits except `final` and `heldout`, and writes
 * src/core/extract/role-model.json. Deterministic: the same passages give the same file, byte for
 * byte. Run: npm run train:extract
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { mentionsIn } from '../src/core/extract/context.js'
import { proseNumbersOf } from '../src/core/extract/index.js'
import {
  ROLE_CLASSES,
  roleContext,
  roleFeatures,
  type RoleModel,
} from '../src/core/extract/role-model.js'

/** One passage of the extraction eval set. */
export interface Passage {
  id: string
  split: string
  lang: string
  kind: string
  title: string
  text?: string
  html?: string
  expected: { model: string; benchmark: string; claimed: number; measured: number }[]
}

/** Splits never trained on: `final` is scored once, `heldout` stays a held-out check. */
export const UNTRAINED_SPLITS = new Set(['final', 'heldout'])

const WINDOW = 6
const EPOCHS = 12
const LEARNING_RATE = 0.4
const L2 = 1e-4
const MIN_COUNT = 2

/** The passages of a JSON-lines file. */
export function readPassages(file: string | URL): Passage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Passage)
}

interface Example {
  features: string[]
  label: number
}

// A number is the claim when it equals a row's claimed value, the measurement when it equals a
// measured one; every other number (and every number of a negative passage) is neither.
function examplesOf(passage: Passage): Example[] {
  const near = (a: number, b: number) => Math.abs(a - b) < 0.051
  const examples: Example[] = []
  const input = {
    title: passage.title,
    ...(passage.html ? { html: passage.html } : { text: passage.text ?? '' }),
  }
  for (const { sentence, numbers } of proseNumbersOf(input)) {
    if (numbers.length === 0) continue
    const context = roleContext(sentence, mentionsIn(sentence).benchmarks)
    for (const n of numbers) {
      const claimed = passage.expected.some((r) => near(r.claimed, n.value))
      const measured = passage.expected.some((r) => near(r.measured, n.value))
      if (claimed && measured) continue
      examples.push({
        features: roleFeatures(context, n.start, n.end, WINDOW),
        label: claimed ? 0 : measured ? 1 : 2,
      })
    }
  }
  return examples
}

const round = (x: number) => Math.round(x * 1000) / 1000

/**
 * Multinomial logistic regression by AdaGrad over the examples in file order, a fixed number of
 * epochs: no randomness, so the weights depend on the passages only.
 */
export function trainRoleModel(passages: readonly Passage[]): RoleModel {
  const examples = passages.flatMap(examplesOf)
  const counts = new Map<string, number>()
  for (const e of examples)
    for (const f of new Set(e.features)) counts.set(f, (counts.get(f) ?? 0) + 1)
  const index = new Map<string, number>()
  for (const [f, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (c >= MIN_COUNT) index.set(f, index.size)
  const classes = ROLE_CLASSES.length
  const weights = new Float64Array(index.size * classes)
  const squares = new Float64Array(index.size * classes).fill(1e-8)
  const encoded = examples.map((e) => ({
    ids: [...new Set(e.features)].flatMap((f) => (index.has(f) ? [index.get(f)!] : [])),
    label: e.label,
  }))
  const scores = new Float64Array(classes)
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const { ids, label } of encoded) {
      scores.fill(0)
      for (const id of ids)
        for (let k = 0; k < classes; k++) scores[k]! += weights[id * classes + k]!
      const top = Math.max(...scores)
      let sum = 0
      for (let k = 0; k < classes; k++) sum += scores[k] = Math.exp(scores[k]! - top)
      for (const id of ids) {
        for (let k = 0; k < classes; k++) {
          const at = id * classes + k
          const gradient = scores[k]! / sum - (k === label ? 1 : 0) + L2 * weights[at]!
          squares[at]! += gradient * gradient
          weights[at]! -= (LEARNING_RATE * gradient) / Math.sqrt(squares[at]!)
        }
      }
    }
  }
  const bias = [0, 0, 0]
  const stored: Record<string, number[]> = {}
  for (const [f, id] of index) {
    const w = [...weights.subarray(id * classes, (id + 1) * classes)].map(round)
    if (f === 'bias') bias.splice(0, classes, ...w)
    else if (w.some((x) => Math.abs(x) >= 0.005)) stored[f] = w
  }
  return { window: WINDOW, bias, weights: stored }
}

/** The passages the committed model is trained on. */
export function trainingPassages(passages: readonly Passage[]): Passage[] {
  return passages.filter((p) => !UNTRAINED_SPLITS.has(p.split))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const passages = readPassages(new URL('../data/extract/passages.jsonl', import.meta.url))
  const model = trainRoleModel(trainingPassages(passages))
  const out = new URL('../src/core/extract/role-model.json', import.meta.url)
  writeFileSync(out, `${JSON.stringify(model)}\n`)
  console.log(
    `role model: ${Object.keys(model.weights).length} features, written to ${fileURLToPath(out)}`
  )
}
