import type { Platform } from '../core/chat.js'
import { buildChartSvg } from '../core/chart.js'
import { consolidateAll, type ConsolidatedTable } from '../core/consolidate.js'
import { discrepancyTableBlock, sourceLines } from '../core/discrepancy-view.js'
import type { Lang } from '../core/i18n.js'
import type { Block, Reply } from '../core/reply.js'
import { renderSvgToPng } from '../render/chart-png.js'
import { createClassificationStore } from '../store/classifications.js'
import { createDiscrepancyStore, toItemRows } from '../store/discrepancies.js'
import type { Item } from '../store/items.js'
import type { Store } from '../store/store.js'

const TEXT = {
  controversy: { en: '⚠️ Benchmark controversy', ru: '⚠️ Спорный результат бенчмарка' },
  reported: {
    en: 'As the sources report it; benchwatch does not judge.',
    ru: 'Так сообщают источники; benchwatch не выносит вердикта.',
  },
} as const

/** Platforms whose senders post images. */
function takesImages(platform: Platform): boolean {
  return platform === 'telegram' || platform === 'discord'
}

function oneParagraph(text: string | null, max = 400): string | null {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim()
  if (flat === '') return null
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat
}

/**
 * Builds the realtime post for an item: title, outlet, link, summary and tags; for a controversy
 * its discrepancy tables (rows extracted from this item) with their sources, and a chart where
 * the platform takes images. Returns null for an item that no longer exists.
 */
export function createPostRenderer(store: Store) {
  const classifications = createClassificationStore(store.db)
  const discrepancies = createDiscrepancyStore(store.db)
  const outlets = new Map<string, string | null>()

  async function outletOf(item: Item): Promise<string | null> {
    if (!outlets.has(item.feedId)) {
      const row = await store.db.kysely
        .selectFrom('feed')
        .select('title')
        .where('id', '=', item.feedId)
        .executeTakeFirst()
      outlets.set(item.feedId, row?.title ?? null)
    }
    return outlets.get(item.feedId) ?? null
  }

  return async function renderPost(
    itemId: string,
    options: { platform: Platform; lang: Lang }
  ): Promise<Reply | null> {
    const item = await store.items.get(itemId)
    if (!item) return null
    const { lang } = options
    const [classification, outlet] = await Promise.all([
      classifications.get(itemId),
      outletOf(item),
    ])
    const controversy = classification?.label === 'controversy'
    const tags = classification?.tags ?? []
    const blocks: Block[] = []
    if (controversy) blocks.push({ type: 'heading', text: TEXT.controversy[lang] })
    const meta = [outlet, ...tags.map((tag) => `#${tag}`)].filter((part): part is string =>
      Boolean(part)
    )
    const summary = oneParagraph(item.summary ?? item.contentText)
    blocks.push({
      type: 'items',
      items: [
        {
          title: item.title,
          ...(item.url ? { url: item.url } : {}),
          ...(meta.length > 0 ? { meta: meta.join(' · ') } : {}),
          ...(summary ? { detail: summary } : {}),
        },
      ],
    })
    if (controversy) {
      const rows = await discrepancies.forItem(itemId)
      const tables: ConsolidatedTable[] = consolidateAll(toItemRows(rows)).filter(
        (t) => t.rows.length > 0
      )
      for (const table of tables) {
        blocks.push(discrepancyTableBlock(table, lang), {
          type: 'note',
          text: sourceLines(table).join('\n'),
        })
      }
      if (tables.length > 0) blocks.push({ type: 'note', text: TEXT.reported[lang] })
      const first = tables[0]
      if (first && takesImages(options.platform)) {
        const chart = buildChartSvg(first, lang)
        blocks.push({
          type: 'image',
          png: renderSvgToPng(chart.svg),
          alt: `${first.model}: claimed vs measured`,
          filename: `${first.modelId}.png`,
        })
      }
    }
    return { blocks }
  }
}

/** Renders one delivery's post (see {@link createPostRenderer}). */
export type PostRenderer = ReturnType<typeof createPostRenderer>
