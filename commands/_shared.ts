import { usageOf, type CommandContext, type OptionSpecs } from '../src/core/command.js'
import { UserError } from '../src/core/errors.js'
import { relativeTime, t, type Lang, type MessageKey } from '../src/core/i18n.js'
import type { Block, ReplyItem } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import type { NewsEntry } from '../src/store/news.js'

// Files starting with "_" are helpers the registry skips.

/** A stored story as a list entry: title, link, "outlet · age · +N sources · id". */
export function newsItem(entry: NewsEntry, lang: Lang, now: Date, detail?: string): ReplyItem {
  const meta = [
    entry.outlet,
    relativeTime(lang, entry.publishedAt, now),
    entry.storyItems > 1 ? t(lang, 'common.sources', { count: entry.storyItems - 1 }) : null,
    `id ${entry.id}`,
  ].filter(Boolean)
  return {
    title: entry.title,
    ...(entry.url ? { url: entry.url } : {}),
    meta: meta.join(' · '),
    ...(detail ? { detail } : {}),
  }
}

/** Controversy tags in the reader's language. */
export function tagNames(tags: readonly string[], lang: Lang): string[] {
  return tags.map((tag) => {
    const key = `tag.${tag}` as MessageKey
    const name = t(lang, key)
    return name === key ? tag : name
  })
}

/** Stops a sub-action that only chat admins may take. */
export function requireAdmin(
  ctx: Pick<CommandContext<OptionSpecs, Services>, 'user' | 'lang'>,
  action: MessageKey
): void {
  if (!ctx.user.isAdmin) {
    throw new UserError(
      'not_admin',
      t(ctx.lang, 'common.adminOnly', { action: t(ctx.lang, action) })
    )
  }
}

/** The stored item a user named by id or URL, or a UserError saying how to find one. */
export async function findItem(services: Services, lang: Lang, item: string): Promise<NewsEntry> {
  const found = await services.store.news.find(item)
  if (!found) throw new UserError('item_not_found', t(lang, 'common.notFoundItem', { item }))
  return found
}

/** The command list /help and /start show: usage and one line each. */
export function helpBlocks(services: Services, lang: Lang): Block[] {
  const commands = [...services.commands().values()].filter((c) => !c.hidden)
  return [
    { type: 'heading', text: t(lang, 'help.heading') },
    {
      type: 'items',
      items: commands.map((c) => ({ title: usageOf(c), detail: c.description[lang] })),
    },
    { type: 'note', text: t(lang, 'help.footer') },
  ]
}
