import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { localized, t } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { newsItem } from './_shared.js'

const options = {
  query: {
    type: 'string',
    description: localized('news.opt.query'),
    max: 200,
  },
  limit: {
    type: 'integer',
    description: localized('news.opt.limit'),
    min: 1,
    max: 20,
  },
} satisfies OptionSpecs

export default defineCommand<typeof options, Services>({
  name: 'news',
  description: localized('news.description'),
  options,
  async run({ options, lang, now, chat, services }) {
    const limit = options.limit ?? 10
    const query = options.query?.trim()
    const entries = query
      ? await services.store.news.search(query, { limit, chatRef: chat })
      : await services.store.news.latest({ limit, chatRef: chat })
    if (entries.length === 0) {
      return reply.text(query ? t(lang, 'news.noMatch', { query }) : t(lang, 'news.empty'))
    }
    return reply.of(
      {
        type: 'heading',
        text: query ? t(lang, 'news.searchHeading', { query }) : t(lang, 'news.heading'),
      },
      { type: 'items', items: entries.map((e) => newsItem(e, lang, now)) }
    )
  },
})
