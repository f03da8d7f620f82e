import type { ConsolidatedTable } from './consolidate.js'
import { discrepancyTableBlock, sourceLines } from './discrepancy-view.js'
import { t, type Lang } from './i18n.js'
import { parseTopic, prepareItem, topicMatches, type MatchableItem } from './match.js'
import type { Block, Reply } from './reply.js'

/**
 * An item that may go into a digest: what matching needs, plus what the post shows.
 *
 * @example
 * const c: DigestCandidate = { id: 'it1', storyId: 'st1', title: 'Llama 4 scores inflated', summary: '…',
 *   backlog: false, feedChatRef: null, label: 'controversy', entities: [], url: 'https://…',
 *   outlet: 'AI Manual', publishedAt: '2026-01-02T06:30:00Z', sourceCount: 1, tags: ['fabricated'] }
 */
export interface DigestCandidate extends MatchableItem {
  url: string | null
  outlet: string | null
  publishedAt: string
  /** Items telling the item's story, as the store counted them (1 when told once). */
  sourceCount: number
  tags: string[]
}

/** One story of a digest: the item that stands for it, and how widely it was told. */
export interface DigestStory {
  item: DigestCandidate
  sourceCount: number
  controversy: boolean
}

/** A built digest, ready to render. */
export interface Digest {
  stories: DigestStory[]
  /** How many of the stories are controversies. */
  controversies: number
  /** Discrepancy tables to show under the stories. */
  tables: ConsolidatedTable[]
  /** Stories that matched but did not fit. */
  omitted: number
}

/** Options for {@link buildDigest}. */
export interface DigestOptions {
  now: Date
  /** The chat the digest is for: items of other chats' feeds are left out. */
  chatRef?: string
  /** The subscription's topic (`all` when unset). */
  topic?: string
  tables?: ConsolidatedTable[]
  /** How far back the digest looks. Default 24 h. */
  windowMs?: number
  /** Stories at most. Default 10. */
  maxStories?: number
}

function rank(a: DigestStory, b: DigestStory): number {
  return (
    Number(b.controversy) - Number(a.controversy) ||
    b.sourceCount - a.sourceCount ||
    b.item.publishedAt.localeCompare(a.item.publishedAt) ||
    a.item.id.localeCompare(b.item.id)
  )
}

/**
 * Picks and orders a digest's stories: items published in the 24 h before `now` that match the
 * topic (backlog items and other chats' feeds left out), one entry per story — shown by its
 * controversy item when it has one — controversies first, then by number of sources, then newest.
 *
 * @example
 * buildDigest(candidates, { now: new Date('2026-03-02T06:00:00Z'), topic: 'controversies' })
 * // { stories: [{ item, sourceCount: 2, controversy: true }], controversies: 1, tables: [], omitted: 0 }
 */
export function buildDigest(
  candidates: readonly DigestCandidate[],
  options: DigestOptions
): Digest {
  const end = options.now.getTime()
  const start = end - (options.windowMs ?? 24 * 60 * 60 * 1000)
  const topic = parseTopic(options.topic ?? 'all')
  const byStory = new Map<string, { items: DigestCandidate[]; sourceCount: number }>()
  for (const c of candidates) {
    const at = Date.parse(c.publishedAt)
    if (!(at > start && at <= end) || c.backlog) continue
    if (c.feedChatRef !== null && c.feedChatRef !== options.chatRef) continue
    if (topic && !topicMatches(topic, prepareItem(c))) continue
    const story = byStory.get(c.storyId) ?? { items: [], sourceCount: 0 }
    story.items.push(c)
    story.sourceCount = Math.max(story.sourceCount, c.sourceCount, story.items.length)
    byStory.set(c.storyId, story)
  }
  const stories: DigestStory[] = [...byStory.values()].map(({ items, sourceCount }) => {
    const ordered = [...items].sort(
      (a, b) =>
        Number(b.label === 'controversy') - Number(a.label === 'controversy') ||
        b.publishedAt.localeCompare(a.publishedAt)
    )
    const item = ordered[0]!
    return { item, sourceCount, controversy: item.label === 'controversy' }
  })
  stories.sort(rank)
  const chosen = stories.slice(0, options.maxStories ?? 10)
  return {
    stories: chosen,
    controversies: chosen.filter((s) => s.controversy).length,
    tables: options.tables ?? [],
    omitted: stories.length - chosen.length,
  }
}

function firstSentence(text: string | null | undefined): string {
  const clean = (text ?? '').replace(/\s+/g, ' ').trim()
  const match = /^.*?[.!?…](?=\s|$)/u.exec(clean)
  return (match ? match[0] : clean).slice(0, 240)
}

/**
 * The digest as a post: a heading, the stories with one-line summaries, then each table with its
 * numbered sources. An empty digest is no post (null), or a quiet-day note when the chat asked.
 *
 * @example
 * renderDigest(digest, { lang: 'en', date: '2026-03-02' })?.blocks[0]
 * // { type: 'heading', text: 'benchwatch digest · 2026-03-02' }
 */
export function renderDigest(
  digest: Digest,
  options: { lang: Lang; date: string; quietDay?: boolean }
): Reply | null {
  const { lang, date } = options
  const heading: Block = { type: 'heading', text: t(lang, 'digest.title', { date }) }
  if (digest.stories.length === 0) {
    if (!options.quietDay) return null
    return { blocks: [heading, { type: 'paragraph', text: t(lang, 'digest.quiet') }] }
  }
  const blocks: Block[] = [heading]
  blocks.push({
    type: 'items',
    items: digest.stories.map(({ item, sourceCount, controversy }) => {
      const meta = [
        item.outlet,
        sourceCount > 1 ? t(lang, 'common.sourceCount', { count: sourceCount }) : null,
        controversy ? t(lang, 'digest.controversyMark') : null,
      ].filter(Boolean)
      const detail = firstSentence(item.summary)
      return {
        title: item.title,
        ...(item.url ? { url: item.url } : {}),
        ...(meta.length > 0 ? { meta: meta.join(' · ') } : {}),
        ...(detail ? { detail } : {}),
      }
    }),
  })
  if (digest.omitted > 0) {
    blocks.push({ type: 'note', text: t(lang, 'digest.more', { count: digest.omitted }) })
  }
  for (const table of digest.tables) {
    blocks.push({ type: 'heading', text: t(lang, 'table.heading', { model: table.model }) })
    blocks.push(discrepancyTableBlock(table, lang))
    blocks.push({ type: 'note', text: sourceLines(table).join('\n') })
  }
  return { blocks }
}
