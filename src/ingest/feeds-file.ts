import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { FeedStore, NewFeed } from '../store/feeds.js'
import { parseOpml } from './opml.js'

/** One feed of a feed list (data/default-feeds.json, FEEDS_FILE or OPML). */
export interface FeedListEntry {
  url: string
  title?: string
  lang?: string
  intervalMinutes?: number
}

/** A feed list that cannot be read; the message names the file and the problem. */
export class FeedListError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FeedListError'
  }
}

/** The feed list shipped with the package. */
export const DEFAULT_FEEDS_FILE = fileURLToPath(
  new URL('../../data/default-feeds.json', import.meta.url)
)

const entrySchema = z.object({
  url: z
    .string()
    .trim()
    .refine((v) => /^(https?|file):\/\/\S+$/i.test(v) && URL.canParse(v), {
      message: 'expected an http(s) or file URL',
    }),
  title: z.string().trim().optional(),
  lang: z.string().trim().optional(),
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
})

/**
 * Reads a feed list: a JSON array like data/default-feeds.json, or an OPML document (by content,
 * whatever the extension). Throws FeedListError naming the file and the bad entry.
 *
 * @example
 * await readFeedList(process.env.FEEDS_FILE ?? DEFAULT_FEEDS_FILE)
 */
export async function readFeedList(path: string): Promise<FeedListEntry[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new FeedListError(`cannot read feed list ${path}: ${(error as Error).message}`)
  }
  return parseFeedList(text, path)
}

/** Parses the text of a feed list (JSON array or OPML); `name` appears in errors. */
export function parseFeedList(text: string, name: string): FeedListEntry[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart()
  if (trimmed.startsWith('<')) {
    try {
      return parseOpml(trimmed)
    } catch (error) {
      throw new FeedListError(`${name}: ${(error as Error).message}`)
    }
  }
  let data: unknown
  try {
    data = JSON.parse(trimmed)
  } catch (error) {
    throw new FeedListError(`${name}: neither JSON nor OPML (${(error as Error).message})`)
  }
  if (!Array.isArray(data))
    throw new FeedListError(
      `${name}: expected a JSON array of {"url","title"?,"lang"?,"intervalMinutes"?}`
    )
  return data.map((entry, i) => {
    const parsed = entrySchema.safeParse(typeof entry === 'string' ? { url: entry } : entry)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new FeedListError(
        `${name}: entry ${i + 1}: ${issue.path.join('.') || 'entry'}: ${issue.message}`
      )
    }
    return parsed.data
  })
}

/**
 * Adds the listed feeds that are not there yet (existing ones are left as they are).
 * Returns how many were added.
 */
export async function seedFeeds(
  feeds: FeedStore,
  list: FeedListEntry[],
  now: Date
): Promise<number> {
  let added = 0
  for (const entry of list) {
    const feed: NewFeed = { url: entry.url, title: entry.title ?? null, lang: entry.lang ?? null }
    if (entry.intervalMinutes) feed.intervalMinutes = entry.intervalMinutes
    if ((await feeds.add(feed, now)).created) added++
  }
  return added
}

/**
 * Seeds the feed list at start: FEEDS_FILE (the operator's list, replacing the default) is added
 * every start, so feeds added to it later appear; the default list only when there are no global
 * feeds yet, so feeds an operator removed do not come back.
 */
export async function seedConfiguredFeeds(
  feeds: FeedStore,
  feedsFile: string | undefined,
  now: Date
): Promise<number> {
  if (feedsFile) return seedFeeds(feeds, await readFeedList(feedsFile), now)
  if ((await feeds.list()).length > 0) return 0
  return seedFeeds(feeds, await readFeedList(DEFAULT_FEEDS_FILE), now)
}
