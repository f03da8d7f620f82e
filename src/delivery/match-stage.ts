import { matchItem, type MatchableItem, type Topic } from '../core/match.js'
import type { PipelineStage } from '../ingest/pipeline.js'
import { createClassificationStore } from '../store/classifications.js'
import type { Store } from '../store/store.js'

/**
 * The ingestion pipeline's last stage: each new, non-backlog item (already classified and
 * extracted by the stages before) is matched against the active realtime subscriptions, and its
 * deliveries are written in one transaction, one per chat and story. Edited items are never
 * pushed again. `onEnqueued` lets the dispatcher start at once instead of at its next poll.
 *
 * @example
 * createIngest({ store, extraStages: [matchStage(store, { onEnqueued: () => dispatcher.wake() })] })
 */
export function matchStage(
  store: Store,
  options: { onEnqueued?: (count: number) => void } = {}
): PipelineStage {
  const classifications = createClassificationStore(store.db)
  return {
    name: 'match',
    async run(items, { now, feed }) {
      const fresh = items.filter((item) => item.status === 'new' && !item.backlog)
      if (fresh.length === 0) return
      const subscriptions = await store.subscriptions.listActive()
      if (!subscriptions.some((s) => s.mode === 'realtime')) return
      const topics = new Map<string, Topic | null>()
      let enqueued = 0
      for (const item of fresh) {
        const verdict = item.verdict ?? (await classifications.get(item.id))
        const matchable: MatchableItem = {
          id: item.id,
          storyId: item.storyId,
          title: item.title,
          summary: item.summary,
          text: item.contentText,
          backlog: item.backlog,
          feedChatRef: feed.chatRef,
          label: verdict?.label ?? null,
          entities: verdict?.entities ?? [],
        }
        const matches = matchItem(matchable, subscriptions, { topics })
        if (matches.length > 0) enqueued += await store.deliveries.enqueue(matches, now)
      }
      if (enqueued > 0) options.onEnqueued?.(enqueued)
    },
  }
}
