/**
 * Row-level precision / recall / F1 of discrepancy extraction on data/extract/passages.jsonl,
 * per split (tune, heldout), plus the rows produced on negative passages (the target is zero).
 * Run: npm run eval:extract [-- --verbose] [--file other.jsonl] [--rules-only] [--cross-validate]
 * [--threshold P] [--learned-pairs]
 *
 * Plain runs score extraction as shipped (cue words plus the committed role model, which was
 * trained on every split but heldout and final); --rules-only leaves the model out.
 *
 * --cross-validate: leave one batch out — the role model is trained on every other trainable batch
 * and the left-out one is scored with cues only and with cues plus the model (heldout and final,
 * never trained on, are scored with the model trained on all trainable batches). With
 * --batch NAME only that batch; with --train-file other.jsonl the model learns from that file's
 * passages (minus the left-out batch) instead.
 */
import { readFileSync } from 'node:fs'
import { findEntities, resolveBenchmark } from '../src/core/entities.js'
import {
  extractDiscrepancies,
  type DiscrepancyRow,
  DEFAULT_ROLE_FALLBACK,
  type RoleFallback,
} from '../src/core/extract/index.js'
import {
  readPassages,
  trainingPassages,
  trainRoleModel,
  UNTRAINED_SPLITS,
} from './train-extract.js'
import type { Passage } from './train-extract.js'

interface Expected {
  model: string
  benchmark: string
  claimed: number
  measured: number
}


const verbose = process.argv.includes('--verbose')
const fileArg = process.argv.indexOf('--file')
const file =
  fileArg > 0 && process.argv[fileArg + 1]
    ? process.argv[fileArg + 1]!
    : new URL('../data/extract/passages.jsonl', import.meta.url)
const passages: Passage[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Passage)

const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}+]/gu, '')
const benchmarkKey = (name: string) => resolveBenchmark(name)?.id ?? compact(name)

// Model names follow the alias tables ("Gemma 3 27B" is tagged as Gemma 3), so a row matches
// when it names the expected model or the model the tables make of the expected name.
function sameModel(row: DiscrepancyRow, want: Expected): boolean {
  if (compact(row.model) === compact(want.model)) return true
  const tagged = findEntities(want.model).find((e) => e.kind === 'model')
  return tagged !== undefined && tagged.id === row.modelId
}

function matches(row: DiscrepancyRow, want: Expected): boolean {
  return (
    sameModel(row, want) &&
    // A benchmark outside the alias tables matches by its written name.
    (resolveBenchmark(want.benchmark)
      ? (row.benchmarkId ?? benchmarkKey(row.benchmark)) === benchmarkKey(want.benchmark)
      : compact(row.benchmark) === compact(want.benchmark)) &&
    Math.abs(row.claimed - want.claimed) < 0.051 &&
    Math.abs(row.measured - want.measured) < 0.051
  )
}

const show = (r: DiscrepancyRow) =>
  `${r.model} | ${r.benchmark} | ${r.claimed} → ${r.measured} ${r.unit}`

interface Score {
  passages: number
  wanted: number
  produced: number
  correct: number
  negatives: number
  negativeRows: number
}

function score(
  group: readonly Passage[],
  fallback: RoleFallback | null | undefined,
  log: boolean
): Score {
  const total: Score = {
    passages: group.length,
    wanted: 0,
    produced: 0,
    correct: 0,
    negatives: 0,
    negativeRows: 0,
  }
  for (const p of group) {
    const rows = extractDiscrepancies(
      { title: p.title, ...(p.html ? { html: p.html } : { text: p.text ?? '' }) },
      fallback === undefined ? {} : { roleFallback: fallback }
    )
    const unmatched = [...p.expected]
    const wrong: DiscrepancyRow[] = []
    for (const row of rows) {
      const index = unmatched.findIndex((w) => matches(row, w))
      if (index >= 0) unmatched.splice(index, 1)
      else wrong.push(row)
    }
    total.produced += rows.length
    total.wanted += p.expected.length
    total.correct += rows.length - wrong.length
    if (p.expected.length === 0) {
      total.negatives++
      total.negativeRows += rows.length
    }
    if (log && (wrong.length || unmatched.length)) {
      console.log(`${p.id} [${p.lang}/${p.kind}] ${p.title}`)
      for (const r of wrong) console.log(`   extra:   ${show(r)}`)
      for (const w of unmatched)
        console.log(`   missing: ${w.model} | ${w.benchmark} | ${w.claimed} → ${w.measured}`)
    }
  }
  return total
}

function add(a: Score, b: Score): Score {
  return {
    passages: a.passages + b.passages,
    wanted: a.wanted + b.wanted,
    produced: a.produced + b.produced,
    correct: a.correct + b.correct,
    negatives: a.negatives + b.negatives,
    negativeRows: a.negativeRows + b.negativeRows,
  }
}

function describe(s: Score): string {
  const precision = s.produced ? s.correct / s.produced : 1
  const recall = s.wanted ? s.correct / s.wanted : 1
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  return (
    `rows: expected=${s.wanted} produced=${s.produced} correct=${s.correct}  ` +
    `precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} F1=${f1.toFixed(3)}  ` +
    `negatives=${s.negatives} rows-on-negatives=${s.negativeRows}`
  )
}

// Batches inside `tune` keep their letter in the passage id (z01, x01…); the later ones have
// splits of their own.
const batchOf = (p: Passage) => (p.split === 'tune' ? `tune:${p.id.replace(/\d+$/, '')}` : p.split)

const threshold =
  Number(process.argv[process.argv.indexOf('--threshold') + 1]) || DEFAULT_ROLE_FALLBACK.threshold
const needsCuedPartner = !process.argv.includes('--learned-pairs')
const option = (name: string) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}

if (process.argv.includes('--cross-validate')) {
  const trainFile = option('--train-file')
  const trainable = trainingPassages(trainFile ? readPassages(trainFile) : passages)
  const only = option('--batch')
  const batches = [...new Set(passages.map(batchOf))].filter((b) => !only || b === only)
  let rulesTotal: Score | null = null
  let modelTotal: Score | null = null
  const allModel = trainRoleModel(trainable)
  for (const batch of batches) {
    const group = passages.filter((p) => batchOf(p) === batch)
    const untrained = group.every((p) => UNTRAINED_SPLITS.has(p.split))
    const model = untrained
      ? allModel
      : trainRoleModel(trainable.filter((p) => batchOf(p) !== batch))
    const rules = score(group, null, false)
    // The final split is scored, never read: no per-passage lines for it.
    const withModel = score(
      group,
      { model, threshold, needsCuedPartner },
      verbose && batch !== 'final'
    )
    console.log(
      `${batch.padEnd(8)} passages=${group.length}\n  rules        ${describe(rules)}\n  rules+model  ${describe(withModel)}`
    )
    rulesTotal = rulesTotal ? add(rulesTotal, rules) : rules
    modelTotal = modelTotal ? add(modelTotal, withModel) : withModel
  }
  console.log(
    `all\n  rules        ${describe(rulesTotal!)}\n  rules+model  ${describe(modelTotal!)}`
  )
} else {
  for (const split of [...new Set(passages.map((p) => p.split))]) {
    const group = passages.filter((x) => x.split === split)
    const fallback = process.argv.includes('--rules-only') ? null : undefined
    console.log(
      `${split.padEnd(8)} passages=${group.length} ${describe(score(group, fallback, verbose))}`
    )
  }
}
