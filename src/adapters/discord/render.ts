import type { APIEmbed } from 'discord-api-types/v10'
import type { Block, Reply, ReplyItem } from '../../core/reply.js'
import { renderTextTable } from '../../core/text-table.js'

/** Discord's documented limits for one message and its embeds (characters). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  filesPerMessage: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title + description + field names and values + footer + author, over all embeds of a message. */
  embedTotal: 6000,
} as const

/** A file uploaded with a message; an embed shows it through `attachment://<name>`. */
export interface DiscordFile {
  name: string
  data: Uint8Array
  contentType: string
}

/** One Discord message ready to post (REST body fields plus the files to upload). */
export interface DiscordMessage {
  content?: string
  embeds: APIEmbed[]
  files: DiscordFile[]
  /** Always empty: feed text must never ping @everyone, roles or users. */
  allowed_mentions: { parse: [] }
  /** 64 (EPHEMERAL) when only the caller should see it. */
  flags?: number
}

/** The message flag that makes an interaction reply visible to its caller only. */
export const EPHEMERAL_FLAG = 64

const EMBED_COLOR = 0x5865f2
const MAX_TABLE_CELL = 120
const MAX_ITEM_TITLE = 300
const MAX_ITEM_LINE = 1000

const URL_IN_TEXT = /https?:\/\/[^\s<>]+/g

/**
 * Escapes Discord markdown in dynamic text (feed titles, summaries) so it shows as written:
 * inline markers, masked links, `<@id>` mentions, and line-start headings, lists and quotes.
 * URLs stay untouched so Discord still links them. Written here rather than taken from
 * discord.js because render.ts stays pure and free of the client library.
 */
export function escapeMarkdown(text: string): string {
  let out = ''
  let last = 0
  for (const match of text.matchAll(URL_IN_TEXT)) {
    out += escapeSegment(text.slice(last, match.index))
    out += match[0]
    last = match.index + match[0].length
  }
  out += escapeSegment(text.slice(last))
  return out
}

function escapeSegment(text: string): string {
  return text
    .replace(/@(everyone|here)\b/g, '@\u200b$1')
    .replace(/[\\*_~`|[\]<>]/g, '\\$&')
    .replace(/^(\s*)(#{1,3}|-#|[-+]|\d+\.)(?=\s)/gm, (_all, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker.slice(0, -1)}\\.` : `${space}\\${marker}`
    )
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text
  let cut = text.slice(0, limit - 1)
  // Never leave half a surrogate pair or a dangling escape backslash behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  if (/(^|[^\\])(\\\\)*\\$/.test(cut)) cut = cut.slice(0, -1)
  return `${cut}…`
}

/** Splits text into pieces of at most `limit`, preferring line breaks, then spaces. */
function splitText(text: string, limit: number): string[] {
  const pieces: string[] = []
  let rest = text
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit)
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit)
    if (cut < limit / 2) {
      cut = limit
      if (/[\uD800-\uDBFF]/.test(rest[cut - 1]!)) cut--
      while (cut > 1 && /(^|[^\\])(\\\\)*\\$/.test(rest.slice(0, cut))) cut--
    }
    pieces.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).replace(/^[\n ]/, '')
  }
  if (rest.length > 0) pieces.push(rest)
  return pieces
}

function safeUrl(url: string): string | null {
  if (!/^https?:\/\/\S+$/i.test(url)) return null
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29')
}

function maskedLink(text: string, url: string): string {
  const href = safeUrl(url)
  const label = escapeMarkdown(truncate(text, MAX_ITEM_TITLE))
  return href ? `[${label}](${href})` : label
}

function renderItem(item: ReplyItem, index: number): string {
  const title = item.url
    ? maskedLink(item.title, item.url)
    : escapeMarkdown(truncate(item.title, MAX_ITEM_TITLE))
  const lines = [`**${index + 1}.** ${title}`]
  if (item.meta) lines.push(escapeMarkdown(truncate(item.meta, MAX_ITEM_LINE)))
  if (item.detail) lines.push(escapeMarkdown(truncate(item.detail, MAX_ITEM_LINE)))
  return lines.join('\n')
}

function codeCell(text: string): string {
  // A backtick run could close the code block early; a look-alike modifier letter cannot.
  return truncate(text.replace(/`/g, 'ˋ').replace(/\s+/g, ' '), MAX_TABLE_CELL)
}

/** A table as code blocks aligned by display width; several blocks when it is too long for one. */
function renderTable(block: Extract<Block, { type: 'table' }>, limit: number): string[] {
  const caption = block.caption ? `**${escapeMarkdown(truncate(block.caption, 300))}**\n` : ''
  const lines = renderTextTable(
    block.columns.map(codeCell),
    block.rows.map((r) => r.map(codeCell)),
    block.align
  ).split('\n')
  const [header, rule, ...rows] = lines
  const fence = (body: string[], withCaption: boolean) =>
    `${withCaption ? caption : ''}\`\`\`\n${[header, rule, ...body].join('\n')}\n\`\`\``
  const parts: string[] = []
  let chunk: string[] = []
  for (const row of rows) {
    if (chunk.length > 0 && fence([...chunk, row], parts.length === 0).length > limit) {
      parts.push(fence(chunk, parts.length === 0))
      chunk = []
    }
    chunk.push(row)
  }
  parts.push(fence(chunk, parts.length === 0))
  return parts
}

function sanitiseFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '')
  return cleaned.length > 0 ? cleaned.slice(-80) : 'image.png'
}

interface EmbedDraft {
  title?: string
  parts: string[]
  image?: DiscordFile
}

function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  )
}

function blocksToDrafts(blocks: Block[]): EmbedDraft[] {
  const drafts: EmbedDraft[] = []
  let current: EmbedDraft = { parts: [] }
  const flush = () => {
    if (current.title !== undefined || current.parts.length > 0 || current.image)
      drafts.push(current)
    current = { parts: [] }
  }
  const limit = DISCORD_LIMITS.description
  const taken = new Set<string>()
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        flush()
        current.title = truncate(escapeMarkdown(block.text), DISCORD_LIMITS.title)
        break
      case 'paragraph':
        current.parts.push(...splitText(escapeMarkdown(block.text), limit))
        break
      case 'note':
        current.parts.push(
          ...splitText(
            block.text
              .split('\n')
              .filter((line) => line.trim() !== '')
              .map((line) => `_${escapeMarkdown(line.trim())}_`)
              .join('\n'),
            limit
          )
        )
        break
      case 'link':
        current.parts.push(maskedLink(block.text, block.url))
        break
      case 'items':
        current.parts.push(...block.items.map(renderItem))
        break
      case 'table':
        current.parts.push(...renderTable(block, limit))
        break
      case 'image': {
        let name = sanitiseFilename(block.filename)
        for (let n = 2; taken.has(name); n++) name = `${n}-${sanitiseFilename(block.filename)}`
        taken.add(name)
        current.image = { name, data: block.png, contentType: 'image/png' }
        // Text after an image goes into the next embed, so the order on screen stays the order of the reply.
        flush()
        break
      }
    }
  }
  flush()
  return drafts
}

function draftToEmbeds(draft: EmbedDraft): { embed: APIEmbed; file?: DiscordFile }[] {
  const descriptions: string[] = []
  let text = ''
  for (const part of draft.parts) {
    const next = text === '' ? part : `${text}\n\n${part}`
    if (next.length > DISCORD_LIMITS.description && text !== '') {
      descriptions.push(text)
      text = part
    } else {
      text = next
    }
  }
  if (text !== '' || descriptions.length === 0) descriptions.push(text)
  return descriptions.map((description, i) => {
    const embed: APIEmbed = { color: EMBED_COLOR }
    if (i === 0 && draft.title) embed.title = draft.title
    if (description !== '') embed.description = description
    const last = i === descriptions.length - 1
    if (last && draft.image) {
      embed.image = { url: `attachment://${draft.image.name}` }
      return { embed, file: draft.image }
    }
    return { embed }
  })
}

function isPlainText(blocks: Block[]): boolean {
  return blocks.every((b) => b.type === 'paragraph' || b.type === 'note' || b.type === 'link')
}

function plainContent(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if (b.type === 'paragraph') return escapeMarkdown(b.text)
      if (b.type === 'note') return `_${escapeMarkdown(b.text)}_`
      if (b.type === 'link') return maskedLink(b.text, b.url)
      return ''
    })
    .join('\n\n')
}

/**
 * Renders a Reply as Discord messages within every limit: a short text-only reply becomes plain
 * content; anything else becomes embeds (a heading starts an embed and is its title; tables are
 * code blocks; a chart is an attachment shown as the embed's image). Long replies are split on
 * block boundaries into more embeds and, past 10 embeds or 6000 characters, more messages.
 */
export function renderReply(reply: Reply): DiscordMessage[] {
  const flags = reply.ephemeral ? { flags: EPHEMERAL_FLAG } : {}
  const base = { allowed_mentions: { parse: [] as [] }, ...flags }
  if (reply.blocks.length === 0) return [{ content: '—', embeds: [], files: [], ...base }]
  if (isPlainText(reply.blocks)) {
    const content = plainContent(reply.blocks)
    if (content.length <= DISCORD_LIMITS.content)
      return [{ content, embeds: [], files: [], ...base }]
  }
  const messages: DiscordMessage[] = []
  let current: DiscordMessage = { embeds: [], files: [], ...base }
  let total = 0
  for (const draft of blocksToDrafts(reply.blocks)) {
    for (const { embed, file } of draftToEmbeds(draft)) {
      const length = embedLength(embed)
      const full =
        current.embeds.length >= DISCORD_LIMITS.embedsPerMessage ||
        total + length > DISCORD_LIMITS.embedTotal ||
        (file !== undefined && current.files.length >= DISCORD_LIMITS.filesPerMessage)
      if (full && current.embeds.length > 0) {
        messages.push(current)
        current = { embeds: [], files: [], ...base }
        total = 0
      }
      current.embeds.push(embed)
      if (file) current.files.push(file)
      total += length
    }
  }
  if (current.embeds.length > 0) messages.push(current)
  return messages
}
