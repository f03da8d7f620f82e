import { localizeReason } from '../src/core/classify/index.js'
import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { formatNumber, localized, relativeTime, t } from '../src/core/i18n.js'
import { reply, type Block } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import type { ControversyEntry } from '../src/store/news.js'
import { newsItem, tagNames } from './_shared.js'

const options = {
  days: { type: 'integer', description: localized('controversies.opt.days'), min: 1, max: 365 },
} satisfies OptionSpecs

const LIMIT = 10
const DAY_MS = 24 * 60 * 60 * 1000

export default defineCommand<typeof options, Services>({
  name: 'controversies',
  description: localized('controversies.description'),
  options,
  async run({ options, lang, now, chat, services }) {
    const days = options.days ?? 7
    const since = new Date(now.getTime() - days * DAY_MS).toISOString()
    const recent = await services.store.news.controversies({ limit: LIMIT, chatRef: chat, since })
    const list = (entries: ControversyEntry[]): Block => ({
      type: 'items',
      items: entries.map((e) =>
        newsItem(
          e,
          lang,
          now,
          [
            [
              ...tagNames(e.tags, lang),
              t(lang, 'common.score', { score: formatNumber(lang, e.score, 2, 2) }),
            ].join(', '),
            e.reasons[0] && localizeReason(e.reasons[0], lang),
          ]
            .filter(Boolean)
            .join(' — ')
        )
      ),
    })
    const heading: Block = {
      type: 'heading',
      text: t(lang, 'controversies.heading', { count: days }),
    }
    const disclaimer: Block = { type: 'note', text: t(lang, 'controversies.disclaimer') }
    if (recent.length > 0) return reply.of(heading, list(recent), disclaimer)
    const older = await services.store.news.controversies({ limit: 5, chatRef: chat })
    if (older.length === 0) return reply.text(t(lang, 'controversies.empty'))
    return reply.of(
      heading,
      {
        type: 'paragraph',
        text: t(lang, 'controversies.olderNote', {
          count: days,
          age: relativeTime(lang, older[0]!.publishedAt, now),
        }),
      },
      list(older),
      disclaimer
    )
  },
})
