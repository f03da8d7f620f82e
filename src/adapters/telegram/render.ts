import type { Block, Reply, ReplyItem } from '../../core/reply.js'
import { renderTextTable } from '../../core/text-table.js'

/** Telegram's limit for a message's text (sendMessage). */
export const TEXT_LIMIT = 4096
/** Telegram's limit for a media caption (sendPhoto). */
export const CAPTION_LIMIT = 1024

/** One message to post, already in Telegram HTML (`parse_mode: "HTML"`). */
export type TelegramMessage =
  | { kind: 'text'; html: string; disablePreview: boolean }
  | { kind: 'photo'; png: Uint8Array; filename: string; caption: string }

/**
 * Escapes text for Telegram HTML. Telegram accepts only `&lt;`, `&gt;`, `&amp;` and `&quot;` as
 * named entities, so nothing else is encoded.
 *
 * @example
 * escapeHtml('<script> & co') // '&lt;script&gt; &amp; co'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escapes a value for a double-quoted attribute. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;')
}

/** Only web links become anchors; anything else (javascript:, data:) stays plain text. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined
  return /^https?:\/\/\S+$/i.test(url.trim()) ? url.trim() : undefined
}

function link(url: string | undefined, innerHtml: string): string {
  const href = safeHref(url)
  return href ? `<a href="${escapeAttribute(href)}">${innerHtml}</a>` : innerHtml
}

/**
 * Cuts plain text into pieces whose escaped form fits `limit`, preferring to cut at a line
 * break, then at a space; never inside a surrogate pair (the text is walked by code point).
 */
function cutPlain(text: string, limit: number, wrap: (html: string) => string): string[] {
  const overhead = wrap('').length
  const room = Math.max(16, limit - overhead)
  const pieces: string[] = []
  let rest = Array.from(text)
  while (rest.length > 0) {
    let size = 0
    let end = 0
    let lastBreak = -1
    while (end < rest.length) {
      const ch = rest[end]!
      const cost = escapeHtml(ch).length
      if (size + cost > room) break
      size += cost
      end++
      if (ch === '\n' || ch === ' ') lastBreak = end
    }
    if (end < rest.length && lastBreak > end / 2) end = lastBreak
    pieces.push(wrap(escapeHtml(rest.slice(0, end).join('').replace(/\s+$/, ''))))
    rest = rest.slice(end)
    while (rest[0] === '\n') rest = rest.slice(1)
  }
  return pieces.filter((p) => p.length > overhead)
}

/** A text that may span several lines, rendered line by line so it can split between them. */
function linesOf(text: string, limit: number, wrap: (html: string) => string = (h) => h): string[] {
  return text.split('\n').flatMap((line) =>
    // An empty line stays empty: no `<b></b>` around nothing.
    line.trim() === ''
      ? ['']
      : wrap(escapeHtml(line)).length <= limit
        ? [wrap(escapeHtml(line))]
        : cutPlain(line, limit, wrap)
  )
}

function itemHtml(item: ReplyItem): string[] {
  const lines = [link(item.url, `<b>${escapeHtml(item.title)}</b>`)]
  if (item.meta) lines.push(`<i>${escapeHtml(item.meta)}</i>`)
  if (item.detail) lines.push(escapeHtml(item.detail))
  return lines
}

function tableUnits(block: Extract<Block, { type: 'table' }>, limit: number): string[] {
  const units: string[] = []
  if (block.caption) units.push(...linesOf(block.caption, limit, (h) => `<b>${h}</b>`))
  const whole = renderTextTable(block.columns, block.rows, block.align)
  const wrap = (text: string) => `<pre>${escapeHtml(text)}</pre>`
  if (wrap(whole).length <= limit) return [...units, wrap(whole)]
  // Too long for one message: several <pre> blocks, each repeating the header and rule so every
  // message reads on its own. Column widths stay those of the whole table.
  const [header, rule, ...rows] = whole.split('\n')
  let chunk: string[] = []
  const flush = () => {
    if (chunk.length > 0) units.push(wrap([header, rule, ...chunk].join('\n')))
    chunk = []
  }
  for (const row of rows) {
    if (wrap([header, rule, ...chunk, row].join('\n')).length > limit) flush()
    if (wrap([header, rule, row].join('\n')).length > limit) {
      units.push(...cutPlain(row, limit, (h) => `<pre>${h}</pre>`))
      continue
    }
    chunk.push(row)
  }
  flush()
  return units
}

/**
 * The HTML units of one block, each balanced and each within `limit`; units of a block are
 * joined by a line break, blocks by an empty line.
 */
function blockUnits(block: Exclude<Block, { type: 'image' }>, limit: number): string[] {
  switch (block.type) {
    case 'heading':
      return linesOf(block.text, limit, (h) => `<b>${h}</b>`)
    case 'paragraph':
      return linesOf(block.text, limit)
    case 'note':
      return linesOf(block.text, limit, (h) => `<i>${h}</i>`)
    case 'link': {
      const html = link(block.url, escapeHtml(block.text))
      return html.length <= limit ? [html] : linesOf(`${block.text}: ${block.url}`, limit)
    }
    case 'items':
      // An empty line between items: each item is one unit unless it alone is too long.
      return block.items.flatMap((item, i) => {
        const prefix = i > 0 ? '\n' : ''
        const joined = prefix + itemHtml(item).join('\n')
        if (joined.length <= limit) return [joined]
        const title = link(item.url, `<b>${escapeHtml(item.title)}</b>`)
        return [
          ...(prefix ? [''] : []),
          ...(title.length <= limit ? [title] : linesOf(item.title, limit, (h) => `<b>${h}</b>`)),
          ...(item.meta ? linesOf(item.meta, limit, (h) => `<i>${h}</i>`) : []),
          ...(item.detail ? linesOf(item.detail, limit) : []),
        ]
      })
    case 'table':
      return tableUnits(block, limit)
  }
}

/**
 * Turns a Reply into Telegram messages: HTML with every dynamic string escaped, tables in
 * `<pre>`, each text message at most `limit` characters (counted on the HTML, which is never
 * shorter than what Telegram counts), split between blocks, then between lines, never inside a
 * tag. Images become photo messages with their alt text as caption. Link previews are off for
 * messages carrying lists.
 *
 * @example
 * renderReply({ blocks: [{ type: 'heading', text: 'News & <views>' }] })
 * // [{ kind: 'text', html: '<b>News &amp; &lt;views&gt;</b>', disablePreview: false }]
 */
export function renderReply(
  reply: Reply,
  limits: { text?: number; caption?: number } = {}
): TelegramMessage[] {
  const limit = limits.text ?? TEXT_LIMIT
  const captionLimit = limits.caption ?? CAPTION_LIMIT
  const messages: TelegramMessage[] = []
  let current = ''
  let hasList = false
  let currentHasList = false
  const flush = () => {
    if (current.trim() !== '')
      messages.push({ kind: 'text', html: current, disablePreview: currentHasList })
    current = ''
    currentHasList = false
  }
  const add = (unit: string, separator: string) => {
    if (current === '') current = unit.replace(/^\n+/, '')
    else if (current.length + separator.length + unit.length <= limit) current += separator + unit
    else {
      flush()
      current = unit.replace(/^\n+/, '')
    }
  }
  for (const block of reply.blocks) {
    if (block.type === 'image') {
      flush()
      const caption = cutPlain(block.alt, captionLimit, (h) => h)[0] ?? ''
      messages.push({ kind: 'photo', png: block.png, filename: block.filename, caption })
      continue
    }
    const units = blockUnits(block, limit)
    hasList = block.type === 'items'
    units.forEach((unit, i) => {
      add(unit, i === 0 ? '\n\n' : '\n')
      if (hasList) currentHasList = true
    })
  }
  flush()
  return messages
}
