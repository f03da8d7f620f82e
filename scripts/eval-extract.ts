/**
 * Row-level precision / recall / F1 of discrepancy extraction on data/extract/passages.jsonl,
 * per split (tune, heldout), plus the rows produced on negative passages (the target is zero).
 * Run: npm run eval:extract [-- --verbose] [--file other.jsonl]
 */
import { readFileSync } from 'node:fs'
import { findEntities, resolveBenchmark } from '../src/core/entities.js'
import { extractDiscrepancies, type DiscrepancyRow } from '../src/core/extract/index.js'

interface Expected {
  model: string
  benchmark: string
  claimed: number
  measured: number
}

interface Passage {
  id: string
  /** tune: tuned on; heldout, fresh: never tuned on. */
  split: string
  lang: string
  kind: string
  title: string
  text?: string
  html?: string
  expected: Expected[]
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

for (const split of [...new Set(passages.map((p) => p.split))]) {
  let truePositives = 0
  let produced = 0
  let wanted = 0
  let negativeRows = 0
  let negatives = 0
  for (const p of passages.filter((x) => x.split === split)) {
    const rows = extractDiscrepancies({
      title: p.title,
      ...(p.html ? { html: p.html } : { text: p.text ?? '' }),
    })
    const unmatched = [...p.expected]
    const wrong: DiscrepancyRow[] = []
    for (const row of rows) {
      const index = unmatched.findIndex((w) => matches(row, w))
      if (index >= 0) unmatched.splice(index, 1)
      else wrong.push(row)
    }
    produced += rows.length
    wanted += p.expected.length
    truePositives += rows.length - wrong.length
    if (p.expected.length === 0) {
      negatives++
      negativeRows += rows.length
    }
    if (verbose && (wrong.length || unmatched.length)) {
      console.log(`${p.id} [${p.lang}/${p.kind}] ${p.title}`)
      for (const r of wrong) console.log(`   extra:   ${show(r)}`)
      for (const w of unmatched)
        console.log(`   missing: ${w.model} | ${w.benchmark} | ${w.claimed} → ${w.measured}`)
    }
  }
  const precision = produced ? truePositives / produced : 1
  const recall = wanted ? truePositives / wanted : 1
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  const count = passages.filter((x) => x.split === split).length
  console.log(
    `${split.padEnd(8)} passages=${count} rows: expected=${wanted} produced=${produced} correct=${truePositives}  ` +
      `precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} F1=${f1.toFixed(3)}  ` +
      `negatives=${negatives} rows-on-negatives=${negativeRows}`
  )
}
