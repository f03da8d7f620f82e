import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import {
  DISCORD_LIMITS,
  escapeMarkdown,
  renderReply,
  type DiscordMessage,
} from '../../../src/adapters/discord/render.js'
import { reply, type Block, type Reply } from '../../../src/core/reply.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function embedChars(m: DiscordMessage): number {
  return m.embeds.reduce(
    (n, e) =>
      n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
    0
  )
}

function expectWithinLimits(messages: DiscordMessage[]): void {
  for (const m of messages) {
    expect(m.allowed_mentions).toEqual({ parse: [] })
    expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage)
    expect(m.files.length).toBeLessThanOrEqual(DISCORD_LIMITS.filesPerMessage)
    expect(embedChars(m)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
    expect(m.content?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.content)
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title)
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description)
    }
  }
}

describe('escapeMarkdown', () => {
  it.each([
    ['**bold** and _it_', '\\*\\*bold\\*\\* and \\_it\\_'],
    ['~~gone~~ ||spoiler|| `code`', '\\~\\~gone\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['ping <@123> and <#456>', 'ping \\<@123\\> and \\<#456\\>'],
    ['# Big\n- item\n1. first\n> quote', '\\# Big\n\\- item\n1\\. first\n\\> quote'],
    ['a\\b', 'a\\\\b'],
    ['@everyone look', '@\u200beveryone look'],
    ['https://x.example/@everyone @here', 'https://x.example/@everyone @\u200bhere'],
    ['see https://x.example/a_b_c*d now', 'see https://x.example/a_b_c*d now'],
    ['Llama 4 — 86.5% → 71.2%', 'Llama 4 — 86.5% → 71.2%'],
  ])('GIVEN %j THEN %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })
})

describe('renderReply', () => {
  it('GIVEN one short paragraph THEN plain content with no mentions parsed', () => {
    const [m, ...rest] = renderReply(reply.text('Subscribed this channel to *controversies*.'))
    expect(rest).toEqual([])
    expect(m!.content).toBe('Subscribed this channel to \\*controversies\\*.')
    expect(m!.embeds).toEqual([])
    expect(m!.allowed_mentions).toEqual({ parse: [] })
    expect(m!.flags).toBeUndefined()
  })

  it('GIVEN an ephemeral reply THEN flag 64 on every message', () => {
    const messages = renderReply(
      reply.text('Only chat admins can use /subscribe.', { ephemeral: true })
    )
    expect(messages.map((m) => m.flags)).toEqual([64])
  })

  it('GIVEN a feed title with @everyone THEN it cannot ping and its markdown is inert', () => {
    const [m] = renderReply(
      reply.of(
        { type: 'heading', text: 'New items' },
        {
          type: 'items',
          items: [{ title: '@everyone **LEAK** [x](y)', url: 'https://news.example/a?b=(1)' }],
        }
      )
    )
    expect(m!.allowed_mentions.parse).toEqual([])
    expect(m!.embeds[0]!.title).toBe('New items')
    expect(m!.embeds[0]!.description).toBe(
      '**1.** [@\u200beveryone \\*\\*LEAK\\*\\* \\[x\\](y)](https://news.example/a?b=%281%29)'
    )
  })

  it('GIVEN an item with a non-http url THEN no link is made', () => {
    const [m] = renderReply(
      reply.of({ type: 'items', items: [{ title: 'x', url: 'javascript:alert(1)' }] })
    )
    expect(m!.embeds[0]!.description).toBe('**1.** x')
  })

  it('GIVEN the discrepancy table THEN a code block aligned by display width', () => {
    const table: Block = {
      type: 'table',
      caption: 'Llama 4 — claimed vs measured',
      columns: ['Бенчмарк', 'Claimed', 'Measured', 'Δ'],
      rows: [
        ['MMLU', '86.5%', '71.2%', '−15.3'],
        ['GSM8K', '92.1%', '78.8%', '−13.3'],
        ['HumanEval 日本', '74.3%', '62.9%', '−11.4'],
      ],
    }
    const [m] = renderReply(reply.of({ type: 'heading', text: 'Llama 4' }, table))
    const description = m!.embeds[0]!.description!
    expect(description.startsWith('**Llama 4 — claimed vs measured**\n```\n')).toBe(true)
    expect(description.endsWith('\n```')).toBe(true)
    const lines = description.split('\n').slice(2, -1)
    expect(lines).toHaveLength(5)
    // Every row's separators sit in the same display columns.
    const bars = (line: string) => {
      const cols: number[] = []
      let w = 0
      for (const ch of line) {
        if (ch === '|' || ch === '+') cols.push(w)
        w += stringWidth(ch)
      }
      return cols
    }
    for (const line of lines) expect(bars(line)).toEqual(bars(lines[0]!))
    expect(lines[2]).toBe('MMLU           |   86.5% |    71.2% | −15.3')
  })

  it('GIVEN backticks in a table cell THEN the code block cannot be closed early', () => {
    const [m] = renderReply(
      reply.of({ type: 'table', columns: ['a'], rows: [['```@everyone```']] })
    )
    const description = m!.embeds[0]!.description!
    expect(description.match(/```/g)).toHaveLength(2)
  })

  it('GIVEN a table too long for one description THEN several code blocks, each with the header', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`bench-${i}`, `${i}.0%`, `${i / 2}%`])
    const messages = renderReply(
      reply.of({ type: 'table', columns: ['Benchmark', 'Claimed', 'Measured'], rows })
    )
    expectWithinLimits(messages)
    const blocks = messages.flatMap((m) => m.embeds.map((e) => e.description!))
    expect(blocks.length).toBeGreaterThan(1)
    for (const b of blocks) {
      expect(b).toMatch(/^(\*\*.*\*\*\n)?```\nBenchmark/)
      expect(b.endsWith('```')).toBe(true)
    }
    const shown = blocks.join('\n').match(/bench-\d+/g)
    expect(shown).toEqual(rows.map((r) => r[0]))
  })

  it('GIVEN 120 long items THEN split into messages within every limit, none lost, in order', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({
      title: `Item ${i} ${'x'.repeat(150)}`,
      url: `https://news.example/${i}`,
      meta: `Outlet ${i} · 2 h ago`,
      detail: 'd'.repeat(200),
    }))
    const r: Reply = reply.of({ type: 'heading', text: 'Digest' }, { type: 'items', items })
    const messages = renderReply(r)
    expectWithinLimits(messages)
    expect(messages.length).toBeGreaterThan(1)
    expect(messages[0]!.embeds[0]!.title).toBe('Digest')
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join('\n')
    expect(text.match(/Item \d+/g)).toEqual(items.map((_, i) => `Item ${i}`))
  })

  it('GIVEN a 10 000-character paragraph THEN it is split on spaces with nothing lost', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ')
    const messages = renderReply(
      reply.of({ type: 'heading', text: 'Long' }, { type: 'paragraph', text: words })
    )
    expectWithinLimits(messages)
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description)).join(' ')
    expect(text.split(/\s+/)).toEqual(words.split(' '))
  })

  it('GIVEN a 300-character heading THEN the title is cut to 256 with an ellipsis', () => {
    const [m] = renderReply(
      reply.of({ type: 'heading', text: 'h'.repeat(300) }, { type: 'paragraph', text: 'x' })
    )
    expect(m!.embeds[0]!.title).toHaveLength(256)
    expect(m!.embeds[0]!.title!.endsWith('…')).toBe(true)
  })

  it('GIVEN a chart image THEN it is attached and shown in the embed, and text after it follows', () => {
    const messages = renderReply(
      reply.of(
        { type: 'heading', text: 'Llama 4' },
        { type: 'table', columns: ['Benchmark', 'Δ'], rows: [['MMLU', '−15.3']] },
        { type: 'image', png: PNG, alt: 'chart', filename: 'chart.png' },
        { type: 'note', text: 'What sources report, not a verdict.' }
      )
    )
    expect(messages).toHaveLength(1)
    const [m] = messages
    expect(m!.files).toEqual([{ name: 'chart.png', data: PNG, contentType: 'image/png' }])
    expect(m!.embeds[0]!.image).toEqual({ url: 'attachment://chart.png' })
    expect(m!.embeds[0]!.description).toContain('MMLU')
    expect(m!.embeds[1]!.description).toBe('_What sources report, not a verdict._')
  })

  it('GIVEN an odd image file name THEN it is made safe for attachment://', () => {
    const [m] = renderReply(
      reply.of({ type: 'image', png: PNG, alt: 'c', filename: 'диаграмма (1).png' })
    )
    expect(m!.files[0]!.name).toMatch(/^[A-Za-z0-9._-]+$/)
    expect(m!.embeds[0]!.image!.url).toBe(`attachment://${m!.files[0]!.name}`)
  })

  it('GIVEN no blocks THEN one placeholder message rather than an empty one Discord would refuse', () => {
    expect(renderReply({ blocks: [] })).toEqual([
      { content: '—', embeds: [], files: [], allowed_mentions: { parse: [] } },
    ])
  })
})
