/**
 * One entry of an item list: a news item or a story as a chat shows it.
 *
 * @example
 * const item: ReplyItem = { title: 'Llama 4 scores inflated', url: 'https://…', meta: 'AI Manual · 2 h ago' }
 */
export interface ReplyItem {
  title: string
  url?: string
  /** Outlet, age, "+N sources", tags: one short line under the title. */
  meta?: string
  /** A one-line reason or summary. */
  detail?: string
}

/** Column alignment in a table block. */
export type Align = 'left' | 'right'

/**
 * The neutral building blocks of a reply. Adapters render each kind in their own dialect
 * (Telegram HTML, Discord embeds, plain text) and split long replies on block boundaries.
 */
export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'items'; items: ReplyItem[] }
  | { type: 'table'; columns: string[]; rows: string[][]; align?: Align[]; caption?: string }
  | { type: 'link'; url: string; text: string }
  | { type: 'image'; png: Uint8Array; alt: string; filename: string }
  | { type: 'note'; text: string }

/**
 * What a command returns: a list of blocks, and whether only the caller should see it.
 *
 * @example
 * const r: Reply = { blocks: [{ type: 'paragraph', text: 'Subscribed.' }] }
 */
export interface Reply {
  blocks: Block[]
  ephemeral?: boolean
}

/**
 * Small constructors for replies, so commands read as what they say.
 *
 * @example
 * return reply.text('Subscribed this chat to controversies.')
 */
export const reply = {
  /** A reply of one paragraph. */
  text(text: string, options: { ephemeral?: boolean } = {}): Reply {
    return { blocks: [{ type: 'paragraph', text }], ...options }
  },
  /** A reply from any blocks. */
  of(...blocks: Block[]): Reply {
    return { blocks }
  },
  /** A reply only the caller sees (where the platform supports it). */
  ephemeral(...blocks: Block[]): Reply {
    return { blocks, ephemeral: true }
  },
}

/**
 * The plain text of a reply, as the CLI prints it; tables are laid out in monospace.
 *
 * @example
 * replyToPlainText(reply.text('hi')) // 'hi'
 */
export function replyToPlainText(
  r: Reply,
  renderTable: (b: Extract<Block, { type: 'table' }>) => string
): string {
  const parts: string[] = []
  for (const block of r.blocks) {
    switch (block.type) {
      case 'heading':
        parts.push(block.text.toUpperCase() === block.text ? block.text : `# ${block.text}`)
        break
      case 'paragraph':
      case 'note':
        parts.push(block.text)
        break
      case 'link':
        parts.push(`${block.text}: ${block.url}`)
        break
      case 'items':
        parts.push(
          block.items
            .map((item, i) =>
              [
                `${i + 1}. ${item.title}`,
                item.meta ? `   ${item.meta}` : '',
                item.detail ? `   ${item.detail}` : '',
                item.url ? `   ${item.url}` : '',
              ]
                .filter(Boolean)
                .join('\n')
            )
            .join('\n')
        )
        break
      case 'table':
        parts.push(renderTable(block))
        break
      case 'image':
        parts.push(`[image: ${block.alt}]`)
        break
    }
  }
  return parts.join('\n\n')
}
