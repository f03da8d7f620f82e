import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { BIN, ROOT } from '../helpers/cli.js'
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js'
import { rss, startFeedServer, type FeedServer } from '../helpers/feed-server.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'

const available = await requirePostgres()

const FEEDS = 200
const KEYWORD_FEEDS = 10
const REALTIME_CHATS = [1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]
const DIGEST_CHATS = [2001, 2002, 2003]

interface Instance {
  name: string
  child: ChildProcess
  out: string
  exited: Promise<number | null>
}

// A word of its own per feed and slot, so no two feeds' items look like one story.
function word(feed: number, slot: number): string {
  const letters = 'bcdfghjklmnpqrstvwxz'
  let n = feed * 7 + slot * 1013 + 17
  let out = ''
  for (let i = 0; i < 6; i++) {
    out += letters[n % letters.length]
    n = Math.floor(n / letters.length) + i * 3 + slot
  }
  return out
}

function feedBody(i: number): string {
  const titleA =
    i < KEYWORD_FEEDS
      ? `${word(i, 1)} ${word(i, 2)} contamination ${word(i, 3)} report`
      : `${word(i, 1)} ${word(i, 2)} ${word(i, 3)} funding`
  return rss(`Feed ${i}`, [
    { title: titleA, link: `https://news${i}.example/a`, guid: `f${i}-a`, date: new Date().toUTCString() },
    { title: `${word(i, 4)} ${word(i, 5)} ${word(i, 6)} chips`, link: `https://news${i}.example/b`, guid: `f${i}-b`, date: new Date().toUTCString() },
  ])
}

describe.runIf(available)('several instances on one PostgreSQL database', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  let keepLogs = false
  it('GIVEN three instances and a leader killed mid-cycle THEN every item is ingested once, every delivery and digest arrives, and another instance takes over', async () => {
    const schema = await createTestSchema('multi')
    cleanups.push(() => (keepLogs ? undefined : schema.drop()))
    const tg: FakeTelegram = await startFakeTelegram()
    cleanups.push(() => tg.close())
    const feeds: FeedServer = await startFeedServer()
    cleanups.push(() => feeds.close())
    for (let i = 0; i < FEEDS; i++) {
      const body = feedBody(i)
      // Slow enough that one poll cycle spans a few seconds, so the kill lands inside it.
      feeds.route(`/feed/${i}.xml`, async (_req, res) => {
        await new Promise((r) => setTimeout(r, 25))
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body)
      })
    }
    const dir = mkdtempSync(join(tmpdir(), 'bw-multi-'))
    cleanups.push(() => (keepLogs ? undefined : rmSync(dir, { recursive: true, force: true })))
    const feedsFile = join(dir, 'feeds.json')
    writeFileSync(feedsFile, JSON.stringify(Array.from({ length: FEEDS }, (_, i) => ({ url: feeds.url(`/feed/${i}.xml`), title: `Feed ${i}` }))))

    // Known feeds (fetched before), so their items are news rather than a first-run backlog.
    const setup: Store = await openStore(schema.url)
    const now = new Date()
    const yesterday = new Date(now.getTime() - 86_400_000).toISOString()
    for (let i = 0; i < FEEDS; i++) {
      const { feed } = await setup.feeds.add({ url: feeds.url(`/feed/${i}.xml`), title: `Feed ${i}` }, now)
      await setup.feeds.update(feed.id, { lastOkAt: yesterday, nextFetchAt: now.toISOString() })
    }
    for (const id of REALTIME_CHATS) {
      await setup.chats.upsert(`telegram:${id}`, {}, now)
      await setup.subscriptions.add({ chatRef: `telegram:${id}`, topic: 'keyword:contamination', mode: 'realtime' }, now)
    }
    const anHourAgo = new Date(now.getTime() - 3_600_000)
    const digestTime = `${String(anHourAgo.getUTCHours()).padStart(2, '0')}:${String(anHourAgo.getUTCMinutes()).padStart(2, '0')}`
    for (const id of DIGEST_CHATS) {
      await setup.chats.upsert(`telegram:${id}`, { timezone: 'UTC', digestTime, quietDays: true }, now)
      // Subscribed yesterday: a subscription made after today's digest time starts tomorrow.
      await setup.subscriptions.add({ chatRef: `telegram:${id}`, topic: 'all', mode: 'digest' }, new Date(yesterday))
    }
    await setup.close()

    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: schema.url,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      FEEDS_FILE: feedsFile,
      ALLOW_PRIVATE_NETWORK: 'true',
      POLL_CRON: '*/2 * * * * *',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    }
    const instances: Instance[] = ['a', 'b', 'c'].map((name) => {
      const child = spawn(process.execPath, [BIN, 'run'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      const instance: Instance = { name, child, out: '', exited: new Promise((r) => child.on('close', r)) }
      child.stdout!.on('data', (d: Buffer) => (instance.out += d.toString()))
      child.stderr!.on('data', (d: Buffer) => (instance.out += d.toString()))
      return instance
    })
    cleanups.push(async () => {
      for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL')
      await Promise.all(instances.map((i) => i.exited))
    })

    const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) => {
      const started = Date.now()
      while (!(await check())) {
        if (Date.now() - started > timeoutMs) {
          keepLogs = true
          for (const i of instances) writeFileSync(join(dir, `${i.name}.log`), i.out)
          throw new Error(`timed out waiting for ${what} (${tg.sent.length} messages sent; logs in ${dir}; schema ${schema.url})`)
        }
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    const isLeader = (i: Instance) => i.out.includes('this instance is now the leader')

    await until('a leader', () => instances.some(isLeader), 30_000)
    const leader = instances.find(isLeader)!
    // Mid-cycle: some feeds fetched, most not.
    await until('the first feeds to be fetched', () => feeds.hits.length >= 40, 30_000)
    leader.child.kill('SIGKILL')
    const killedAt = Date.now()
    await leader.exited
    const others = instances.filter((i) => i !== leader)
    await until('another instance to take over', () => others.some(isLeader), 30_000)
    const takeoverMs = Date.now() - killedAt
    expect(takeoverMs).toBeLessThan(30_000)

    const check = await openStore(schema.url)
    cleanups.push(() => check.close())
    const count = async (table: 'item' | 'item_source') =>
      Number((await check.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    await until('every item', async () => (await count('item')) === FEEDS * 2, 60_000)
    const expectedRealtime = REALTIME_CHATS.length * KEYWORD_FEEDS
    const keywordMessages = () => tg.sent.filter((m) => REALTIME_CHATS.includes(m.chatId) && m.text.includes('contamination'))
    const digestHeadings = () => tg.sent.filter((m) => DIGEST_CHATS.includes(m.chatId) && m.text.includes('benchwatch digest'))
    await until('every delivery', () => new Set(keywordMessages().map((m) => `${m.chatId} ${m.text.split('\n')[0]}`)).size === expectedRealtime, 60_000)
    await until('every digest', () => new Set(digestHeadings().map((m) => m.chatId)).size === DIGEST_CHATS.length, 30_000)
    // Let stragglers (a second sender of the same row) show up before counting duplicates.
    await new Promise((r) => setTimeout(r, 1500))

    expect(await count('item')).toBe(FEEDS * 2)
    expect(await count('item_source')).toBe(FEEDS * 2)
    const keys = keywordMessages().map((m) => `${m.chatId} ${m.text.split('\n')[0]}`)
    const duplicates = keys.length - new Set(keys).size
    // Only messages in flight on the killed instance at the moment of the kill may repeat: the
    // platform took them but the row was not yet marked sent. The dispatcher sends at most 8 at
    // once (one per chat), so that is the bound.
    expect(duplicates).toBeLessThanOrEqual(8)
    expect(new Set(keys).size).toBe(expectedRealtime)
    expect(digestHeadings().length).toBe(DIGEST_CHATS.length)
    const statuses = await check.db.kysely.selectFrom('delivery').select('status').execute()
    expect(statuses.filter((s) => s.status === 'sent').length).toBe(expectedRealtime)
    const digests = await check.db.kysely.selectFrom('digest').select(['subscription_id', 'status']).execute()
    expect(digests.filter((d) => d.status === 'sent').length).toBe(DIGEST_CHATS.length)
    // Telegram long polling ran on the leader only: never two getUpdates consumers at once.
    expect(others.filter(isLeader).length).toBe(1)
    console.log(`multi-instance: takeover after ${takeoverMs} ms, ${duplicates} duplicate(s), ${feeds.hits.length} feed fetches for ${FEEDS} feeds`)
  }, 150_000)
})
