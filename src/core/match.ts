import { benchmarkMatches, modelMatches } from './entities.js'
import { stems } from './text.js'

/**
 * What a subscription topic asks for, parsed from its stored form.
 *
 * @example
 * parseTopic('model:llama-4') // { kind: 'model', id: 'llama-4' }
 */
export type Topic =
  | { kind: 'all' }
  | { kind: 'controversies' }
  | { kind: 'model'; id: string }
  | { kind: 'benchmark'; id: string }
  | { kind: 'keyword'; words: string; stems: string[] }

/**
 * Parses a stored topic (`all`, `controversies`, `model:ID`, `benchmark:ID`, `keyword:WORDS`);
 * null for anything else, and for a keyword with no letters or digits in it. Keywords are literal
 * words, never patterns: `keyword:c++` is the word "c".
 *
 * @example
 * parseTopic('keyword:Контаминация данных') // { kind: 'keyword', words: 'Контаминация данных', stems: ['контаминац', 'дан'] }
 * parseTopic('regex:.*') // null
 */
export function parseTopic(topic: string): Topic | null {
  const trimmed = topic.trim()
  if (trimmed === 'all') return { kind: 'all' }
  if (trimmed === 'controversies') return { kind: 'controversies' }
  const colon = trimmed.indexOf(':')
  if (colon <= 0) return null
  const kind = trimmed.slice(0, colon)
  const value = trimmed.slice(colon + 1).trim()
  if (value === '') return null
  if (kind === 'model' || kind === 'benchmark') return { kind, id: value.toLowerCase() }
  if (kind === 'keyword') {
    const keywordStems = stems(value)
    return keywordStems.length > 0 ? { kind: 'keyword', words: value, stems: keywordStems } : null
  }
  return null
}

/**
 * An item as matching sees it: after classification and entity extraction.
 *
 * @example
 * const item: MatchableItem = { id: 'it1', storyId: 'st1', title: 'Llama 4 scores do not replicate',
 *   backlog: false, feedChatRef: null, label: 'controversy', entities: [{ kind: 'model', id: 'llama-4' }] }
 */
export interface MatchableItem {
  id: string
  storyId: string
  title: string
  summary?: string | null
  /** Plain text of the body, when the feed had one. */
  text?: string | null
  /** Items already in a feed when it was added are stored, never pushed. */
  backlog: boolean
  /** Set when the item's feed belongs to one chat: the item goes only there. */
  feedChatRef: string | null
  /** The classifier's label; null when the item has not been classified. */
  label: 'controversy' | 'not' | null
  entities: { kind: string; id: string }[]
}

/**
 * A subscription as matching sees it.
 *
 * @example
 * const sub: MatchSubscription = { id: 's1', chatRef: 'telegram:-100', topic: 'controversies', mode: 'realtime' }
 */
export interface MatchSubscription {
  id: string
  chatRef: string
  topic: string
  mode: string
  /** A paused subscription never matches. */
  pausedAt?: string | null
}

/**
 * One subscription an item goes to.
 *
 * @example
 * const m: Match = { subscriptionId: 's1', chatRef: 'telegram:-100', itemId: 'it1', storyId: 'st1' }
 */
export interface Match {
  subscriptionId: string
  chatRef: string
  itemId: string
  storyId: string
}

/**
 * The item's words prepared once, so thousands of keyword topics cost one stemming pass.
 *
 * @example
 * prepareItem(item).text // ' llama 4 score do not replic '
 */
export interface PreparedItem {
  item: MatchableItem
  /** Stems of title, summary and text, space-separated with a space at each end. */
  text: string
}

/**
 * Stems an item's words once for {@link topicMatches}.
 *
 * @example
 * topicMatches(parseTopic('keyword:benchmarks')!, prepareItem(item))
 */
export function prepareItem(item: MatchableItem): PreparedItem {
  const all = [item.title, item.summary ?? '', item.text ?? ''].flatMap((part) => stems(part))
  return { item, text: ` ${all.join(' ')} ` }
}

/**
 * Whether an item is about a topic. Keywords match whole words by stem, in order, case-insensitive
 * ("benchmark" matches "Benchmarks", "модели" matches "моделью", "bench" matches neither).
 *
 * @example
 * topicMatches({ kind: 'model', id: 'llama-4' }, prepareItem(maverickItem)) // true
 */
export function topicMatches(topic: Topic, prepared: PreparedItem): boolean {
  const { item } = prepared
  switch (topic.kind) {
    case 'all':
      return true
    case 'controversies':
      return item.label === 'controversy'
    case 'model':
      return item.entities.some((e) => e.kind === 'model' && modelMatches(topic.id, e.id))
    case 'benchmark':
      return item.entities.some((e) => e.kind === 'benchmark' && benchmarkMatches(topic.id, e.id))
    case 'keyword':
      return prepared.text.includes(` ${topic.stems.join(' ')} `)
  }
}

/**
 * The realtime subscriptions a new item goes to: at most one per chat (a chat subscribed to both
 * `all` and `controversies` gets the item once, through its oldest subscription). Backlog items
 * match nothing; a chat-scoped feed's items go only to that chat; paused and digest-mode
 * subscriptions are left out (digests pick their items when they are built).
 *
 * @example
 * matchItem(item, [{ id: 's1', chatRef: 'telegram:1', topic: 'all', mode: 'realtime' }])
 * // [{ subscriptionId: 's1', chatRef: 'telegram:1', itemId: item.id, storyId: item.storyId }]
 */
export function matchItem(
  item: MatchableItem,
  subscriptions: readonly MatchSubscription[],
  options: { topics?: Map<string, Topic | null> } = {}
): Match[] {
  if (item.backlog) return []
  const topics = options.topics ?? new Map<string, Topic | null>()
  const prepared = prepareItem(item)
  const matched = new Set<string>()
  const out: Match[] = []
  for (const sub of subscriptions) {
    if (sub.mode !== 'realtime' || sub.pausedAt) continue
    if (item.feedChatRef !== null && sub.chatRef !== item.feedChatRef) continue
    if (matched.has(sub.chatRef)) continue
    let topic = topics.get(sub.topic)
    if (topic === undefined) {
      topic = parseTopic(sub.topic)
      topics.set(sub.topic, topic)
    }
    if (!topic || !topicMatches(topic, prepared)) continue
    matched.add(sub.chatRef)
    out.push({
      subscriptionId: sub.id,
      chatRef: sub.chatRef,
      itemId: item.id,
      storyId: item.storyId,
    })
  }
  return out
}
