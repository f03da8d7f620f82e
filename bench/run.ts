// Runs every bench/*.bench.ts (or those matching BENCH_FILTER) and prints one table.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchResult } from './types.js'

const here = dirname(fileURLToPath(import.meta.url))
const filter = process.env.BENCH_FILTER ?? process.argv[2]
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort()

const rows: (BenchResult & { file: string })[] = []
for (const file of files) {
  process.stderr.write(`running ${file}…\n`)
  const started = performance.now()
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<BenchResult[]> }
    for (const r of await mod.default()) rows.push({ ...r, file })
  } catch (error) {
    rows.push({ file, name: `${file} FAILED: ${(error as Error).message}`, unit: '-', opsPerSec: NaN })
  }
  process.stderr.write(`  ${file} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
}

const fmt = (n: number | undefined, digits = 2) =>
  n === undefined || Number.isNaN(n) ? '' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits)
const table = [
  ['benchmark', 'ops/s', 'unit', 'p50 ms', 'p99 ms', 'ratio', 'note'],
  ...rows.map((r) => [r.name, fmt(r.opsPerSec), r.unit, fmt(r.p50Ms, 3), fmt(r.p99Ms, 3), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.note ?? '']),
]
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)))
for (const [index, row] of table.entries()) {
  console.log(row.map((cell, i) => (i === 0 || i >= 5 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd())
  if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
}
