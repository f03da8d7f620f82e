import { describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../src/core/rate-limit.js'

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s))

describe('createRateLimiter', () => {
  it('GIVEN 10 commands in 30 s THEN the 11th is refused and one is allowed again once the oldest leaves the window', () => {
    const limiter = createRateLimiter({ limit: 10, windowMs: 30_000 })
    for (let i = 0; i < 10; i++) expect(limiter.allow('u', at(i))).toBe(true)
    expect(limiter.allow('u', at(10))).toBe(false)
    expect(limiter.allow('u', at(29))).toBe(false)
    expect(limiter.allow('u', at(30))).toBe(true)
    expect(limiter.allow('u', at(30))).toBe(false)
  })

  it('GIVEN two users THEN each has their own window', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 30_000 })
    expect(limiter.allow('a', at(0))).toBe(true)
    expect(limiter.allow('b', at(0))).toBe(true)
    expect(limiter.allow('a', at(1))).toBe(false)
  })

  it('GIVEN more keys than maxKeys THEN the stalest key is forgotten', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 30_000, maxKeys: 2 })
    expect(limiter.allow('a', at(0))).toBe(true)
    expect(limiter.allow('b', at(1))).toBe(true)
    expect(limiter.allow('c', at(2))).toBe(true)
    // "a" was forgotten, so it starts afresh; "c" is still remembered.
    expect(limiter.allow('a', at(3))).toBe(true)
    expect(limiter.allow('c', at(3))).toBe(false)
  })
})
