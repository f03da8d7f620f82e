/**
 * Crash safety with a real child process: 1,000 deliveries, the dispatcher process killed with
 * SIGKILL midway, then restarted. Every delivery must arrive; the only duplicates allowed are the
 * messages in flight at the kill (one with `concurrency: 1`: the platform took it, the process
 * died before writing "sent", the lease expired and the restarted dispatcher sent it again).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.js'
import { startFakePlatform, type FakePlatform } from './fake-platform.js'

const CHATS = 50
const PER_CHAT = 20
const LEASE_MS = 600
const CONCURRENCY = 1

function startChild(
  dbPath: string,
  url: string
): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'crash-child.ts'),
      dbPath,
      url,
      String(LEASE_MS),
      String(CONCURRENCY),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited }
}

describe('crash safety: kill -9 mid-dispatch', () => {
  let platform: FakePlatform
  let dir: string
  let dbPath: string

  beforeAll(async () => {
    platform = await startFakePlatform()
    dir = mkdtempSync(join(tmpdir(), 'bw-crash-'))
    dbPath = join(dir, 'bw.db')
    const store = await openStore(`sqlite:${dbPath}`)
    const t0 = Date.now() - 60_000
    for (let c = 0; c < CHATS; c++) {
      const chatRef = `telegram:${1000 + c}`
      const { subscription } = await store.subscriptions.add(
        { chatRef, topic: 'all', mode: 'realtime' },
        new Date(t0)
      )
      await store.deliveries.enqueue(
        Array.from({ length: PER_CHAT }, (_, i) => ({
          subscriptionId: subscription.id,
          chatRef,
          itemId: `c${c}-i${i}`,
          storyId: `c${c}-i${i}`,
        })),
        new Date(t0 + c)
      )
    }
    expect((await store.deliveries.countByStatus()).pending).toBe(CHATS * PER_CHAT)
    await store.close()
  })

  afterAll(async () => {
    await platform.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('GIVEN 1,000 pending deliveries and a SIGKILL midway THEN after a restart all arrive, duplicates ≤ messages in flight', async () => {
    const first = startChild(dbPath, platform.url)
    const deadline = Date.now() + 30_000
    while (platform.messages.length < 300 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5))
    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull()
    const atKill = platform.messages.length
    expect(atKill).toBeGreaterThanOrEqual(300)
    expect(atKill).toBeLessThan(1000)

    const second = startChild(dbPath, platform.url)
    expect(await second.exited).toBe(0)

    const texts = platform.messages.map((m) => m.text)
    const distinct = new Set(texts)
    const duplicates = texts.length - distinct.size
    console.log(
      `[crash] killed after ${atKill} messages; ${texts.length} received, ${distinct.size} distinct, ${duplicates} duplicate(s); bound ${CONCURRENCY} (messages in flight)`
    )
    expect(distinct.size).toBe(CHATS * PER_CHAT)
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY)
    // Per chat, oldest first, also across the crash.
    for (let c = 0; c < CHATS; c++) {
      const order = [
        ...new Set(
          platform.messages.filter((m) => m.chat === `telegram:${1000 + c}`).map((m) => m.text)
        ),
      ]
      expect(order).toEqual(Array.from({ length: PER_CHAT }, (_, i) => `delivery c${c}-i${i}`))
    }
    const store = await openStore(`sqlite:${dbPath}`)
    expect(await store.deliveries.countByStatus()).toEqual({
      pending: 0,
      sending: 0,
      sent: 1000,
      dead: 0,
    })
    await store.close()
  }, 60_000)
})
