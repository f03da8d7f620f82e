import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractDiscrepancies } from '../../src/core/extract/index.js'
import { createPostRenderer } from '../../src/delivery/render-post.js'
import { pngSize } from '../../src/render/chart-png.js'
import { createDiscrepancyStore } from '../../src/store/discrepancies.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { seedFeed, seedItem } from './seed.js'

describe('realtime post', () => {
  let store: Store
  const now = new Date('2026-03-01T12:00:00.000Z')
  const summary =
    'Meta claimed Llama 4 scored 86.5% on MMLU, but independent researchers measured 71.2% when they re-ran the benchmark.'

  beforeAll(async () => {
    store = await openStore('sqlite::memory:')
    const feed = await seedFeed(store, 'https://example.org/feed.xml', 'AI Manual', now)
    await seedItem(store, {
      id: 'fight',
      title: 'Llama 4 benchmark scores fail to replicate',
      summary,
      feedId: feed.id,
      publishedAt: now.toISOString(),
      label: 'controversy',
      tags: ['non-reproducible'],
    })
    await seedItem(store, {
      id: 'calm',
      title: 'Meta opens an office',
      feedId: feed.id,
      publishedAt: now.toISOString(),
      label: 'not',
    })
    const rows = extractDiscrepancies({
      title: 'Llama 4 benchmark scores fail to replicate',
      text: summary,
    })
    await createDiscrepancyStore(store.db).replaceForItem('fight', rows, now)
  })
  afterAll(async () => {
    await store.close()
  })

  it('GIVEN a controversy for Telegram THEN title, outlet, link, summary, tags, the discrepancy table and a chart', async () => {
    const post = await createPostRenderer(store)('fight', { platform: 'telegram', lang: 'en' })
    expect(post?.blocks.map((b) => b.type)).toEqual([
      'heading',
      'items',
      'table',
      'note',
      'note',
      'image',
    ])
    expect(post?.blocks[1]).toEqual({
      type: 'items',
      items: [
        {
          title: 'Llama 4 benchmark scores fail to replicate',
          url: 'https://example.org/fight',
          meta: 'AI Manual · #non-reproducible',
          detail: summary,
        },
      ],
    })
    const table = post?.blocks[2]
    expect(table?.type === 'table' && table.rows[0]?.slice(0, 3)).toEqual([
      'MMLU',
      '86.5%',
      '71.2%',
    ])
    const image = post?.blocks[5]
    expect(image?.type === 'image' && pngSize(image.png)?.width).toBeGreaterThan(100)
  })

  it('GIVEN a platform without images THEN the same post without the chart; in Russian the heading is Russian', async () => {
    const post = await createPostRenderer(store)('fight', { platform: 'cli', lang: 'ru' })
    expect(post?.blocks.some((b) => b.type === 'image')).toBe(false)
    expect(post?.blocks[0]).toEqual({ type: 'heading', text: '⚠️ Спорный результат бенчмарка' })
  })

  it('GIVEN an ordinary item THEN just the item; GIVEN a missing item THEN null', async () => {
    const render = createPostRenderer(store)
    expect(
      (await render('calm', { platform: 'telegram', lang: 'en' }))?.blocks.map((b) => b.type)
    ).toEqual(['items'])
    expect(await render('nope', { platform: 'telegram', lang: 'en' })).toBeNull()
  })
})
