import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { describeError, UserError } from '../src/core/errors.js'
import { formatDuration, localized, relativeTime, t, type Lang } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import { discoverFeeds, looksLikeHtml } from '../src/ingest/discover.js'
import { parseFeed } from '../src/ingest/parse/index.js'
import type { Services } from '../src/services.js'
import type { Feed } from '../src/store/feeds.js'
import { requireAdmin } from './_shared.js'

const options = {
  action: {
    type: 'string',
    description: localized('sources.opt.action'),
    choices: ['add', 'remove'],
  },
  target: { type: 'string', description: localized('sources.opt.target'), max: 2000 },
} satisfies OptionSpecs

function health(feed: Feed, lang: Lang, now: Date): string {
  if (feed.disabledAt) return t(lang, 'sources.disabled', { reason: feed.disabledReason ?? '' })
  if (feed.failingSince) {
    return t(lang, 'sources.failing', {
      duration: formatDuration(lang, now.getTime() - Date.parse(feed.failingSince)),
      count: feed.consecutiveFailures,
      error: feed.lastError ?? feed.lastErrorCode ?? '?',
    })
  }
  if (feed.lastOkAt)
    return `${t(lang, 'sources.ok')} · ${t(lang, 'sources.lastOk', { age: relativeTime(lang, feed.lastOkAt, now) })}`
  return t(lang, 'sources.neverFetched')
}

// Finds the feed a URL stands for: the document itself, or the first feed a page links to.
async function resolveFeed(
  services: Services,
  url: string,
  lang: Lang
): Promise<{ url: string; title: string | null }> {
  if (!services.fetchPage) return { url, title: null }
  let page
  try {
    page = await services.fetchPage(url)
  } catch (error) {
    throw new UserError(
      'cannot_fetch',
      t(lang, 'summary.cannotFetch', { url, reason: describeError(error) })
    )
  }
  if (looksLikeHtml(page.body)) {
    const found = discoverFeeds(page.body, url)[0]
    if (!found) throw new UserError('no_feed', t(lang, 'sources.noFeedFound', { url }))
    return { url: found.url, title: found.title }
  }
  try {
    return { url, title: parseFeed(page.body, url).title }
  } catch {
    throw new UserError('no_feed', t(lang, 'sources.noFeedFound', { url }))
  }
}

export default defineCommand<typeof options, Services>({
  name: 'sources',
  description: localized('sources.description'),
  options,
  async run(ctx) {
    const { options, lang, now, chat, user, services } = ctx
    const target = options.target?.trim()
    if (options.action === 'add') {
      requireAdmin(ctx, 'sources.adminAction')
      if (!target) throw new UserError('missing_argument', t(lang, 'sources.needUrl'))
      let parsed: URL | null
      try {
        parsed = new URL(target)
      } catch {
        parsed = null
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol)) {
        throw new UserError('bad_url', t(lang, 'sources.badUrl', { url: target }))
      }
      const feed = await resolveFeed(services, parsed.href, lang)
      const added = await services.store.feeds.add(
        { url: feed.url, title: feed.title, chatRef: chat, addedBy: user.id },
        now
      )
      if (!added.created) return reply.text(t(lang, 'sources.exists', { id: added.feed.id }))
      return reply.text(
        t(lang, 'sources.added', { title: added.feed.title ?? added.feed.url, id: added.feed.id })
      )
    }
    if (options.action === 'remove') {
      requireAdmin(ctx, 'sources.adminAction')
      if (!target) throw new UserError('missing_argument', t(lang, 'sources.needId'))
      const feed = await services.store.feeds.get(target)
      if (!feed) throw new UserError('feed_not_found', t(lang, 'sources.notFound', { id: target }))
      if (feed.chatRef !== chat)
        throw new UserError('not_your_feed', t(lang, 'sources.notYours', { id: target }))
      await services.store.feeds.remove(feed.id)
      return reply.text(t(lang, 'sources.removed', { title: feed.title ?? feed.url, id: feed.id }))
    }
    const feeds = await services.store.feeds.list({ chatRef: chat })
    if (feeds.length === 0) return reply.text(t(lang, 'sources.empty'))
    return reply.of(
      { type: 'heading', text: t(lang, 'sources.heading') },
      {
        type: 'items',
        items: feeds.map((feed) => ({
          title: feed.title ?? feed.url,
          url: feed.url,
          meta: [
            `id ${feed.id}`,
            health(feed, lang, now),
            t(lang, 'common.items', { count: feed.itemCount }),
            feed.chatRef ? t(lang, 'sources.chatFeed') : null,
          ]
            .filter(Boolean)
            .join(' · '),
        })),
      }
    )
  },
})
