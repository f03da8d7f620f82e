// Issue #10: ingest + dispatch throughput with 1 and 3 instances of `benchwatch run` on one
// PostgreSQL database (real child processes, loopback feeds, the fake Telegram Bot API).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../src/store/open-store.js'
import { BIN, ROOT } from '../test/helpers/cli.js'
import { startFakeTelegram } from '../test/helpers/fake-telegram.js'
import { rss, startFeedServer } from '../test/helpers/feed-server.js'
import { createTestSchema, postgresAvailable } from '../test/helpers/postgres.js'
import type { BenchResult } from './types.js'

const FEEDS = 200
const ITEMS_PER_FEED = 5
const CHATS = 60
const MATCHING_FEEDS = 10 // one item of each matches every chat's keyword: 600 deliveries

async function run(instances: number): Promise<{ ingestSeconds: number; dispatchSeconds: number; messages: number }> {
  const schema = await createTestSchema('scale')
  const tg = await startFakeTelegram()
  const feeds = await startFeedServer()
  const dir = mkdtempSync(join(tmpdir(), 'bw-scale-'))
  const children: ChildProcess[] = []
  try {
    const stamp = new Date().toUTCString()
    for (let f = 0; f < FEEDS; f++) {
      const items = Array.from({ length: ITEMS_PER_FEED }, (_, i) => ({
        title: `${i === 0 && f < MATCHING_FEEDS ? 'zebrafish ' : ''}feed${f} story${i} q${(f * 31 + i * 7) % 997}x${f}y${i}`,
        link: `https://n${f}.example/${i}`,
        guid: `f${f}-${i}`,
        date: stamp,
      }))
      const body = rss(`Feed ${f}`, items)
      feeds.route(`/f/${f}.xml`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body))
    }
    const list = Array.from({ length: FEEDS }, (_, f) => ({ url: feeds.url(`/f/${f}.xml`) }))
    writeFileSync(join(dir, 'feeds.json'), JSON.stringify(list))
    const store = await openStore(schema.url)
    const now = new Date()
    for (const { url } of list) {
      const { feed } = await store.feeds.add({ url }, now)
      await store.feeds.update(feed.id, { lastOkAt: new Date(now.getTime() - 86_400_000).toISOString() })
    }
    for (let c = 0; c < CHATS; c++) {
      await store.subscriptions.add({ chatRef: `telegram:${5000 + c}`, topic: 'keyword:zebrafish', mode: 'realtime' }, now)
    }
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: schema.url,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      FEEDS_FILE: join(dir, 'feeds.json'),
      ALLOW_PRIVATE_NETWORK: 'true',
      POLL_CRON: '*/1 * * * * *',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    }
    const started = performance.now()
    for (let i = 0; i < instances; i++) {
      children.push(spawn(process.execPath, [BIN, 'run'], { cwd: ROOT, env, stdio: 'ignore' }))
    }
    const count = async () =>
      Number((await store.db.kysely.selectFrom('item').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    let ingestSeconds = NaN
    const expected = CHATS * MATCHING_FEEDS
    const deadline = Date.now() + 180_000
    while (Date.now() < deadline) {
      if (Number.isNaN(ingestSeconds) && (await count()) >= FEEDS * ITEMS_PER_FEED) ingestSeconds = (performance.now() - started) / 1000
      if (tg.sent.filter((m) => m.text.includes('zebrafish')).length >= expected) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const dispatchSeconds = (performance.now() - started) / 1000
    await store.close()
    return { ingestSeconds, dispatchSeconds, messages: tg.sent.filter((m) => m.text.includes('zebrafish')).length }
  } finally {
    for (const c of children) c.kill('SIGKILL')
    await tg.close()
    await feeds.close()
    await schema.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export default async function (): Promise<BenchResult[]> {
  if (!(await postgresAvailable())) return [{ name: 'scale-out: PostgreSQL not reachable, skipped', unit: '-', opsPerSec: NaN }]
  const one = await run(1)
  const three = await run(3)
  const items = FEEDS * ITEMS_PER_FEED
  const note = (r: typeof one) =>
    `${items} items ingested in ${r.ingestSeconds.toFixed(1)} s (process start included); ${r.messages} messages by ${r.dispatchSeconds.toFixed(1)} s`
  return [
    { name: 'scale-out: 1 instance, ingest (leader polls)', unit: 'items/s', opsPerSec: items / one.ingestSeconds, note: note(one) },
    { name: 'scale-out: 3 instances, ingest (leader polls)', unit: 'items/s', opsPerSec: items / three.ingestSeconds, ratio: one.ingestSeconds / three.ingestSeconds, note: note(three) },
    { name: 'scale-out: 1 instance, ingest → delivered', unit: 'messages/s', opsPerSec: one.messages / one.dispatchSeconds },
    { name: 'scale-out: 3 instances, ingest → delivered', unit: 'messages/s', opsPerSec: three.messages / three.dispatchSeconds, ratio: one.dispatchSeconds / three.dispatchSeconds, note: 'the instances share the bot\'s 30 msg/s: each takes a third' },
  ]
}
