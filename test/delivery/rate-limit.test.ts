import { describe, expect, it } from 'vitest'
import { createWindowLimiter, limiterFor, type SendLimiter } from '../../src/delivery/rate-limit.js'

/** Sends as fast as the limiter allows for `durationMs` of fake time; returns the send times. */
function drive(
  limiter: SendLimiter,
  chats: string[],
  durationMs: number
): { chat: string; at: number }[] {
  const sent: { chat: string; at: number }[] = []
  for (let now = 0; now < durationMs; now++) {
    for (const chat of chats)
      if (limiter.reserve(chat as `telegram:${string}`, now) === 0) sent.push({ chat, at: now })
  }
  return sent
}

function mostInAnyWindow(times: number[], windowMs: number): number {
  let worst = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++
    worst = Math.max(worst, i - j + 1)
  }
  return worst
}

describe('platform rate limits', () => {
  it('GIVEN many Telegram private chats THEN at most 30 messages in any second overall, and about 30/s', () => {
    const chats = Array.from({ length: 200 }, (_, i) => `telegram:${i + 1}`)
    const sent = drive(limiterFor('telegram'), chats, 10_000)
    expect(
      mostInAnyWindow(
        sent.map((s) => s.at),
        1000
      )
    ).toBeLessThanOrEqual(30)
    expect(sent.length).toBeGreaterThanOrEqual(290)
  })

  it('GIVEN three instances sharing one bot THEN each keeps to a third of the overall limit', () => {
    const chats = Array.from({ length: 200 }, (_, i) => `telegram:${i + 1}`)
    const instances = [0, 1, 2].map(() => drive(limiterFor('telegram', 1 / 3), chats, 10_000))
    const all = instances.flatMap((sent) => sent.map((s) => s.at)).sort((a, b) => a - b)
    expect(mostInAnyWindow(all, 1000)).toBeLessThanOrEqual(30)
    expect(all.length).toBeGreaterThanOrEqual(290)
    const discord = drive(limiterFor('discord', 1 / 3), chats, 1000)
    expect(discord).toHaveLength(16)
  })

  it('GIVEN one private chat THEN at most one message a second', () => {
    const sent = drive(limiterFor('telegram'), ['telegram:5'], 5000)
    expect(
      mostInAnyWindow(
        sent.map((s) => s.at),
        1000
      )
    ).toBe(1)
    expect(sent).toHaveLength(5)
  })

  it('GIVEN one group THEN at most 20 messages in any minute', () => {
    const sent = drive(limiterFor('telegram'), ['telegram:-1001'], 130_000)
    expect(
      mostInAnyWindow(
        sent.map((s) => s.at),
        60_000
      )
    ).toBe(20)
    expect(sent).toHaveLength(60)
  })

  it('GIVEN Discord channels THEN at most 50 requests in any second overall', () => {
    const limiter = limiterFor('discord')
    const sent = drive(
      limiter,
      Array.from({ length: 100 }, (_, i) => `discord:${i}`),
      3000
    )
    expect(
      mostInAnyWindow(
        sent.map((s) => s.at),
        1000
      )
    ).toBeLessThanOrEqual(50)
    expect(sent.length).toBeGreaterThanOrEqual(145)
  })

  it('GIVEN a refused slot THEN nothing is taken and the wait says when to come back', () => {
    const limiter = createWindowLimiter({ limit: 2, windowMs: 1000 }, () => null)
    expect([limiter.reserve('telegram:1', 0), limiter.reserve('telegram:2', 10)]).toEqual([0, 0])
    const wait = limiter.reserve('telegram:3', 20)
    expect(wait).toBe(982)
    expect(limiter.reserve('telegram:3', 20 + wait)).toBe(0)
  })
})
