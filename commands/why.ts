import { localizeReason } from '../src/core/classify/index.js'
import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { formatNumber, localized, relativeTime, t } from '../src/core/i18n.js'
import { parseTopic, prepareItem, topicMatches } from '../src/core/match.js'
import { reply, type Block } from '../src/core/reply.js'
import { classificationsOf, type Services } from '../src/services.js'
import { findItem, tagNames } from './_shared.js'
import { describeTopic } from './_topics.js'

const options = {
  item: { type: 'string', description: localized('why.opt.item'), required: true, max: 2000 },
} satisfies OptionSpecs

export default defineCommand<typeof options, Services>({
  name: 'why',
  description: localized('why.description'),
  options,
  async run({ options, lang, now, chat, services }) {
    const { store } = services
    const entry = await findItem(services, lang, options.item)
    const [item, verdict, story, subs, feed] = await Promise.all([
      store.items.get(entry.id),
      classificationsOf(store).get(entry.id),
      store.news.story(entry.storyId),
      store.subscriptions.listForChat(chat),
      store.feeds.get(entry.feedId),
    ])
    const blocks: Block[] = [
      { type: 'heading', text: t(lang, 'why.heading', { title: entry.title }) },
    ]

    if (verdict) {
      const tags = verdict.tags.length > 0 ? ` (${tagNames(verdict.tags, lang).join(', ')})` : ''
      blocks.push({
        type: 'paragraph',
        text: t(lang, 'why.classifier', {
          label: t(
            lang,
            verdict.label === 'controversy' ? 'why.label.controversy' : 'why.label.not'
          ),
          score: t(lang, 'common.score', { score: formatNumber(lang, verdict.score, 2, 2) }),
          tags,
        }),
      })
      if (verdict.reasons.length > 0) {
        blocks.push({
          type: 'note',
          text: `${t(lang, 'why.reasons')}:\n${verdict.reasons.map((r) => `• ${localizeReason(r, lang)}`).join('\n')}`,
        })
      }
    } else {
      blocks.push({ type: 'paragraph', text: t(lang, 'why.classifierNone') })
    }

    blocks.push({
      type: 'paragraph',
      text: t(lang, 'why.story', { story: entry.storyId, count: story.length }),
    })
    if (entry.backlog) blocks.push({ type: 'paragraph', text: t(lang, 'why.backlog') })

    if (subs.length === 0) {
      blocks.push({ type: 'paragraph', text: t(lang, 'why.noSubscriptions') })
    } else {
      const prepared = prepareItem({
        id: entry.id,
        storyId: entry.storyId,
        title: entry.title,
        summary: entry.summary,
        text: item?.contentText ?? null,
        backlog: entry.backlog,
        feedChatRef: feed?.chatRef ?? null,
        label: verdict?.label ?? null,
        entities: verdict?.entities ?? [],
      })
      const scopeOk = !feed?.chatRef || feed.chatRef === chat
      blocks.push({
        type: 'paragraph',
        text: `${t(lang, 'why.subscriptions')}:\n${subs
          .map((s) => {
            const topic = parseTopic(s.topic)
            const matches = scopeOk && topic !== null && topicMatches(topic, prepared)
            const line = t(lang, matches ? 'why.matches' : 'why.noMatch', {
              topic: describeTopic(s.topic, lang),
            })
            return `• ${line} (${s.id}, ${t(lang, s.mode === 'digest' ? 'mode.digest' : 'mode.realtime')})`
          })
          .join('\n')}`,
      })
    }

    // Delivery rows are read directly: the outbox is keyed by subscription and story.
    const deliveries = await store.db.kysely
      .selectFrom('delivery')
      .selectAll()
      .where('chat_ref', '=', chat)
      .where('story_id', '=', entry.storyId)
      .orderBy('created_at', 'desc')
      .execute()
    const own = deliveries.find((d) => d.item_id === entry.id)
    let status: string
    if (own?.status === 'sent')
      status = t(lang, 'why.delivery.sent', {
        age: relativeTime(lang, own.sent_at ?? own.created_at, now),
      })
    else if (own?.status === 'pending')
      status = t(lang, 'why.delivery.pending', { attempts: own.attempts + 1 })
    else if (own?.status === 'sending') status = t(lang, 'why.delivery.sending')
    else if (own?.status === 'dead')
      status = t(lang, 'why.delivery.dead', { error: own.last_error ?? '?' })
    else if (deliveries.length > 0) status = t(lang, 'why.delivery.otherItem')
    else status = t(lang, 'why.delivery.none')
    blocks.push({ type: 'paragraph', text: status })
    return reply.of(...blocks)
  },
})
