import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { consolidateAll } from '../src/core/consolidate.js'
import { buildDigest, renderDigest, type DigestCandidate } from '../src/core/digest.js'
import { UserError } from '../src/core/errors.js'
import { localized, t, type Lang } from '../src/core/i18n.js'
import { reply, type Block, type Reply } from '../src/core/reply.js'
import { discrepanciesOf, type Services } from '../src/services.js'
import { toItemRows } from '../src/store/discrepancies.js'
import { requireAdmin } from './_shared.js'
import { DEFAULT_DIGEST_TIME, DEFAULT_TIMEZONE } from './_topics.js'

const options = {
  time: { type: 'string', description: localized('digest.opt.time'), max: 20 },
  timezone: { type: 'string', description: localized('digest.opt.timezone'), max: 64 },
} satisfies OptionSpecs

const DAY_MS = 24 * 60 * 60 * 1000

function validZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

function localDate(now: Date, zone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

async function preview(
  services: Services,
  chat: string,
  lang: Lang,
  now: Date,
  zone: string
): Promise<Reply> {
  const subs = (await services.store.subscriptions.listForChat(chat)).filter(
    (s) => s.mode === 'digest' && !s.pausedAt
  )
  const window = await services.store.news.window({
    since: new Date(now.getTime() - DAY_MS).toISOString(),
    until: now.toISOString(),
    limit: 500,
  })
  const candidates: DigestCandidate[] = window.map((e) => ({
    id: e.id,
    storyId: e.storyId,
    title: e.title,
    summary: e.summary,
    backlog: e.backlog,
    feedChatRef: e.feedChatRef,
    label: e.label,
    entities: e.entities,
    url: e.url,
    outlet: e.outlet,
    publishedAt: e.publishedAt,
    sourceCount: e.storyItems,
    tags: e.tags,
  }))
  const blocks: Block[] = []
  if (subs.length === 0) blocks.push({ type: 'note', text: t(lang, 'digest.noDigestSubs') })
  for (const topic of subs.length > 0 ? subs.map((s) => s.topic) : ['all']) {
    const first = buildDigest(candidates, { now, chatRef: chat, topic })
    const controversyIds = first.stories.filter((s) => s.controversy).map((s) => s.item.id)
    const rows = (
      await Promise.all(controversyIds.map((id) => discrepanciesOf(services.store).forItem(id)))
    ).flat()
    const digest = rows.length > 0 ? { ...first, tables: consolidateAll(toItemRows(rows)) } : first
    const rendered = renderDigest(digest, { lang, date: localDate(now, zone), quietDay: true })
    if (rendered) blocks.push(...rendered.blocks)
  }
  return reply.of(...blocks)
}

export default defineCommand<typeof options, Services>({
  name: 'digest',
  description: localized('digest.description'),
  options,
  slow: true,
  async run(ctx) {
    const { options, lang, now, chat, services } = ctx
    const settings = await services.store.chats.get(chat)
    let time = options.time?.trim()
    let zoneInput = options.timezone?.trim()
    const currentZone = settings?.timezone ?? DEFAULT_TIMEZONE
    if (time?.toLowerCase() === 'preview') return preview(services, chat, lang, now, currentZone)
    // Free text puts "08:30 Europe/Moscow" into the first option.
    if (time && !zoneInput && /\s/.test(time)) {
      const [first, ...rest] = time.split(/\s+/)
      time = first
      zoneInput = rest.join(' ')
    }
    // "/digest Europe/Moscow" sets only the zone.
    if (time && !zoneInput && !/^\d/.test(time)) {
      zoneInput = time
      time = undefined
    }
    if (!time && !zoneInput) {
      return reply.text(
        t(lang, 'digest.current', {
          time: settings?.digestTime ?? DEFAULT_DIGEST_TIME,
          zone: currentZone,
        })
      )
    }
    requireAdmin(ctx, 'digest.adminAction')
    let digestTime = settings?.digestTime ?? DEFAULT_DIGEST_TIME
    if (time) {
      const match = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time)
      if (!match) throw new UserError('bad_time', t(lang, 'digest.badTime', { time }))
      digestTime = `${match[1]!.padStart(2, '0')}:${match[2]}`
    }
    let zone = currentZone
    if (zoneInput) {
      const resolved = validZone(zoneInput)
      if (!resolved)
        throw new UserError('bad_timezone', t(lang, 'digest.badZone', { zone: zoneInput }))
      zone = resolved
    }
    await services.store.chats.upsert(chat, { digestTime, timezone: zone }, now)
    return reply.text(t(lang, 'digest.set', { time: digestTime, zone }))
  },
})
