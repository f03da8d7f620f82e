import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { describeError, UserError } from '../src/core/errors.js'
import { formatDate, localized, t } from '../src/core/i18n.js'
import { reply, type Block } from '../src/core/reply.js'
import { createOfflineSummariser } from '../src/core/summarise.js'
import { extractMainContent } from '../src/ingest/fulltext.js'
import type { Services } from '../src/services.js'

const options = {
  item: { type: 'string', description: localized('summary.opt.item'), required: true, max: 2000 },
} satisfies OptionSpecs

export default defineCommand<typeof options, Services>({
  name: 'summary',
  description: localized('summary.description'),
  options,
  slow: true,
  async run({ options, lang, services }) {
    const wanted = options.item.trim()
    const summariser = services.summariser ?? createOfflineSummariser()
    const entry = await services.store.news.find(wanted)
    if (entry) {
      const item = await services.store.items.get(entry.id)
      const text = item?.contentText || entry.summary || ''
      const meta = [entry.outlet, formatDate(lang, entry.publishedAt)].filter(Boolean).join(' · ')
      const blocks: Block[] = [
        { type: 'heading', text: entry.title },
        { type: 'note', text: meta },
      ]
      const summary = text.trim()
        ? await summariser.summarise({ title: entry.title, text, lang: entry.lang ?? undefined })
        : ''
      blocks.push({ type: 'paragraph', text: summary.trim() || t(lang, 'summary.noText') })
      if (entry.url) blocks.push({ type: 'link', url: entry.url, text: entry.outlet ?? entry.url })
      return reply.of(...blocks)
    }
    if (!/^https?:\/\/\S+$/i.test(wanted)) {
      throw new UserError('item_not_found', t(lang, 'common.notFoundItem', { item: wanted }))
    }
    if (!services.fetchPage) throw new UserError('cannot_fetch', t(lang, 'summary.noFetcher'))
    let page
    try {
      page = await services.fetchPage(wanted)
    } catch (error) {
      throw new UserError(
        'cannot_fetch',
        t(lang, 'summary.cannotFetch', { url: wanted, reason: describeError(error) })
      )
    }
    const content = extractMainContent(page.body, wanted)
    if (!content || !content.text.trim())
      throw new UserError('not_article', t(lang, 'summary.notArticle'))
    const summary = await summariser.summarise({ title: content.title, text: content.text })
    return reply.of(
      { type: 'heading', text: content.title || wanted },
      { type: 'paragraph', text: summary.trim() || t(lang, 'summary.noText') },
      { type: 'link', url: wanted, text: wanted },
      { type: 'note', text: t(lang, 'summary.fetchedNote') }
    )
  },
})
