/** Limits of a sliding-window rate limiter. */
export interface RateLimitOptions {
  /** Commands allowed per key within the window. Default 10. */
  limit?: number
  /** Window length in ms. Default 30 s. */
  windowMs?: number
  /** Keys tracked at most; the least recently seen are forgotten first. Default 10,000. */
  maxKeys?: number
}

/**
 * A per-key sliding-window limiter: `allow(key, now)` is true while the key made fewer than
 * `limit` calls in the last `windowMs`. Pure (time comes in as `now`); memory is bounded by
 * `maxKeys`. Hand-written because the libraries we looked at own timers or a store, and this is
 * a dozen lines over a Map.
 *
 * @example
 * const limiter = createRateLimiter({ limit: 10, windowMs: 30_000 })
 * limiter.allow('telegram:1/42', new Date()) // true for the first ten calls in 30 s
 */
export function createRateLimiter(options: RateLimitOptions = {}): {
  allow(key: string, now: Date): boolean
} {
  const limit = options.limit ?? 10
  const windowMs = options.windowMs ?? 30_000
  const maxKeys = options.maxKeys ?? 10_000
  const hits = new Map<string, number[]>()
  return {
    allow(key, now) {
      const at = now.getTime()
      const recent = (hits.get(key) ?? []).filter((t) => at - t < windowMs)
      hits.delete(key)
      if (recent.length >= limit) {
        hits.set(key, recent)
        return false
      }
      recent.push(at)
      hits.set(key, recent)
      // A Map iterates in insertion order, and each use re-inserts its key: the first is the stalest.
      if (hits.size > maxKeys) hits.delete(hits.keys().next().value as string)
      return true
    },
  }
}
