import { readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import {
  classify,
  type ClassifiableItem,
  type ClassifierModel,
} from '../src/core/classify/index.js'

/** One benchmark figure, as `npm run bench` prints it. */
export interface BenchResult {
  name: string
  unit: string
  opsPerSec: number
  p50Ms?: number
  p99Ms?: number
  ratio?: number
  note?: string
}

const GOAL = 20_000
const ROUNDS = 8

function dataset(): ClassifiableItem[] {
  const dir = new URL('../data/classifier/', import.meta.url)
  return ['en.jsonl', 'ru.jsonl'].flatMap((file) =>
    readFileSync(new URL(file, dir), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { title: string; summary: string })
      .map(({ title, summary }) => ({ title, summary }))
  )
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!
}

function measure(items: ClassifiableItem[]): {
  perSecond: number
  wallPerSecond: number
  p50: number
  p99: number
} {
  for (let round = 0; round < 2; round++) for (const item of items) classify(item)
  const times: number[] = []
  const cpuStart = process.cpuUsage()
  const wallStart = performance.now()
  for (let round = 0; round < ROUNDS; round++) {
    for (const item of items) {
      const start = performance.now()
      classify(item)
      times.push(performance.now() - start)
    }
  }
  const wall = performance.now() - wallStart
  const cpu = process.cpuUsage(cpuStart)
  times.sort((a, b) => a - b)
  return {
    perSecond: times.length / ((cpu.user + cpu.system) / 1e6),
    wallPerSecond: times.length / (wall / 1000),
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
  }
}

function settledHeapBytes(): number {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
  return process.memoryUsage().heapUsed
}

// Heap taken by one loaded model: parsed from its JSON and compiled into lookup tables by a first
// classification. Needs a full GC before each reading, so --expose-gc is switched on here.
function modelHeapBytes(): { bytes: number; features: number } {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const text = readFileSync(new URL('../src/core/classify/model.json', import.meta.url), 'utf8')
  gc()
  const before = process.memoryUsage().heapUsed
  const model = JSON.parse(text) as ClassifierModel
  classify({ title: 'warm up the compiled tables' }, model)
  gc()
  const bytes = process.memoryUsage().heapUsed - before
  const features = Object.keys(model.label.weights).length
  ;(globalThis as { keep?: unknown }).keep = model
  return { bytes, features }
}

/**
 * Classification speed on one core over the dataset's headlines + summaries (English and
 * Russian), and over bare headlines. Goal: ≥ 20,000 items/s. The note gives the model's heap.
 */
export default async function classifyBench(): Promise<BenchResult[]> {
  const items = dataset()
  const heapBefore = settledHeapBytes()
  const full = measure(items)
  const titles = measure(items.map(({ title }) => ({ title })))
  // What the runs left behind: the default model's compiled tables, the per-word caches (stems,
  // grams, cues; each bounded) and optimised code.
  const heldMb = ((settledHeapBytes() - heapBefore) / 1024 / 1024).toFixed(1)
  const memory = modelHeapBytes()
  const mb = (memory.bytes / 1024 / 1024).toFixed(1)
  return [
    {
      name: `classify, headline + summary (${items.length} en/ru items)`,
      unit: 'items/s',
      opsPerSec: full.perSecond,
      p50Ms: full.p50,
      p99Ms: full.p99,
      ratio: full.perSecond / GOAL,
      note:
        `ratio = speed / goal of 20,000 items/s on one core (process CPU time, which also counts V8's ` +
        `GC and compiler threads; wall clock ${Math.round(full.wallPerSecond)}/s; median item ` +
        `${Math.round(1 / (full.p50 / 1000))}/s); ` +
        `loaded model ${mb} MB heap (${memory.features} label features + 8 tag models), plus ~29 MB for eld's language tables; ` +
        `${heldMb} MB more heap after both runs (compiled tables, word caches, code)`,
    },
    {
      name: 'classify, headline only',
      unit: 'items/s',
      opsPerSec: titles.perSecond,
      p50Ms: titles.p50,
      p99Ms: titles.p99,
      ratio: titles.perSecond / GOAL,
      note: `CPU time; wall clock ${Math.round(titles.wallPerSecond)}/s; median item ${Math.round(1 / (titles.p50 / 1000))}/s`,
    },
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await classifyBench()) console.log(JSON.stringify(r))
}
