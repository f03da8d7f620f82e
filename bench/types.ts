/** One line of the benchmark table. */
export interface BenchResult {
  name: string
  /** What one op is: "items", "commands", "messages"… */
  unit: string
  opsPerSec: number
  p50Ms?: number
  p99Ms?: number
  /** This result divided by a baseline that ran beside it in the same process. */
  ratio?: number
  note?: string
}

/** Percentile of a list of durations in ms (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

/** Times `fn` `iterations` times after `warmup` runs; returns per-call durations in ms. */
export async function timeCalls(fn: () => unknown, iterations: number, warmup = Math.min(20, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return samples
}
