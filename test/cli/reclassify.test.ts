import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.js'
import { runCli } from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'bw-reclassify-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const SEED = new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname

describe('benchwatch reclassify', () => {
  it('GIVEN items classified by an older model THEN they are classified again and the count is printed', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'bw.db')}` }
    expect((await runCli(['ingest', SEED], { env })).code).toBe(0)
    const store = await openStore(env.DATABASE_URL)
    // An old model's verdict: the Llama 4 scandal marked as ordinary news.
    await store.db.kysely.updateTable('classification').set({ model_version: 'old-model', label: 'not', score: 0.1 }).execute()
    await store.close()

    const r = await runCli(['reclassify'], { env })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/reclassified 3 items with model \S+; 1 changed label/)
    const after = await openStore(env.DATABASE_URL)
    const labels = await after.db.kysely.selectFrom('classification').select(['label', 'model_version']).execute()
    expect(labels.filter((l) => l.label === 'controversy')).toHaveLength(1)
    expect(labels.every((l) => l.model_version !== 'old-model')).toBe(true)
    await after.close()

    const again = await runCli(['reclassify'], { env })
    expect(again.stdout).toMatch(/reclassified 0 items/)
  })

  it('GIVEN a bad --since THEN usage error, exit 2', async () => {
    const r = await runCli(['reclassify', '--since', 'yesterday'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--since expects a date')
  })
})
