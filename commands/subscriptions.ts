import { defineCommand } from '../src/core/command.js'
import { localized, t } from '../src/core/i18n.js'
import { reply, type Block } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { DEFAULT_DIGEST_TIME, DEFAULT_TIMEZONE, describeTopic } from './_topics.js'

export default defineCommand<{}, Services>({
  name: 'subscriptions',
  description: localized('subscriptions.description'),
  options: {},
  async run({ lang, chat, services }) {
    const subs = await services.store.subscriptions.listForChat(chat)
    if (subs.length === 0) return reply.text(t(lang, 'subscriptions.empty'))
    const blocks: Block[] = [
      { type: 'heading', text: t(lang, 'subscriptions.heading') },
      {
        type: 'table',
        columns: [
          t(lang, 'subscriptions.col.id'),
          t(lang, 'subscriptions.col.topic'),
          t(lang, 'subscriptions.col.mode'),
          t(lang, 'subscriptions.col.status'),
        ],
        rows: subs.map((s) => [
          s.id,
          describeTopic(s.topic, lang),
          t(lang, s.mode === 'digest' ? 'mode.digest' : 'mode.realtime'),
          s.pausedAt
            ? t(lang, 'subscriptions.paused', { reason: s.pausedReason ?? '' })
            : t(lang, 'subscriptions.active'),
        ]),
        align: ['left', 'left', 'left', 'left'],
      },
    ]
    if (subs.some((s) => s.mode === 'digest')) {
      const settings = await services.store.chats.get(chat)
      blocks.push({
        type: 'paragraph',
        text: t(lang, 'subscriptions.digestTime', {
          time: settings?.digestTime ?? DEFAULT_DIGEST_TIME,
          zone: settings?.timezone ?? DEFAULT_TIMEZONE,
        }),
      })
    }
    return reply.of(...blocks)
  },
})
