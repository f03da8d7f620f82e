import { describe, expect, it } from 'vitest'
import { parseCommandText } from '../../../src/adapters/telegram/commands.js'
import { renderReply, TEXT_LIMIT } from '../../../src/adapters/telegram/render.js'
import type { Reply } from '../../../src/core/reply.js'
import { parseTelegramHtml } from '../../helpers/fake-telegram.js'

function texts(reply: Reply) {
  return renderReply(reply).flatMap((m) => (m.kind === 'text' ? [m] : []))
}

describe('Telegram HTML rendering', () => {
  it('GIVEN a feed title with <script> and & THEN it is escaped and reads as written', () => {
    const [message] = texts({
      blocks: [
        { type: 'heading', text: 'AT&T <b>news</b>' },
        {
          type: 'items',
          items: [
            {
              title: '<script>alert(1)</script> & "Llama"',
              url: 'https://example.org/a?x=1&y="2"',
              meta: 'Outlet <i> · 2 h',
            },
          ],
        },
      ],
    })
    expect(message!.html).toContain('<b>AT&amp;T &lt;b&gt;news&lt;/b&gt;</b>')
    expect(message!.html).toContain('href="https://example.org/a?x=1&amp;y=&quot;2&quot;"')
    expect(message!.html).not.toContain('<script>')
    expect(parseTelegramHtml(message!.html)).toContain('<script>alert(1)</script> & "Llama"')
    expect(message!.disablePreview).toBe(true)
  })

  it('GIVEN a heading with an empty line THEN no empty tags are emitted', () => {
    const [message] = texts({ blocks: [{ type: 'heading', text: 'Top\n\nBottom' }] })
    expect(message!.html).toBe('<b>Top</b>\n\n<b>Bottom</b>')
  })

  it('GIVEN a javascript: link THEN it is shown as plain text, not an anchor', () => {
    const [message] = texts({
      blocks: [{ type: 'link', url: 'javascript:alert(1)', text: 'click' }],
    })
    expect(message!.html).toBe('click')
    expect(message!.disablePreview).toBe(false)
  })

  it('GIVEN a table THEN it is laid out in <pre> with its caption bold', () => {
    const [message] = texts({
      blocks: [
        {
          type: 'table',
          caption: 'Llama 4 <Maverick>',
          columns: ['Benchmark', 'Claimed', 'Measured', 'Δ'],
          rows: [['LMArena Elo', '1417', '1273', '−144']],
        },
      ],
    })
    expect(message!.html).toMatch(/^<b>Llama 4 &lt;Maverick&gt;<\/b>\n<pre>Benchmark/)
    expect(message!.html).toContain('LMArena Elo |    1417 |     1273 | −144</pre>')
  })

  it('GIVEN a 10,000-character reply THEN it splits into valid messages of at most 4096 on block boundaries', () => {
    const paragraphs = Array.from(
      { length: 20 },
      (_, i) => `${i} ${'<&>'.repeat(40)} ${'word '.repeat(76)}`
    )
    const reply: Reply = { blocks: paragraphs.map((text) => ({ type: 'paragraph', text })) }
    const total = paragraphs.join('').length
    expect(total).toBeGreaterThan(10_000)
    const messages = texts(reply)
    expect(messages.length).toBeGreaterThan(2)
    const seen: string[] = []
    for (const m of messages) {
      expect(m.html.length).toBeLessThanOrEqual(TEXT_LIMIT)
      seen.push(...parseTelegramHtml(m.html).split('\n\n'))
    }
    expect(seen).toEqual(paragraphs)
  })

  it('GIVEN one block longer than a message THEN it splits on lines, each part balanced', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} with <tag> & more text here`)
    const messages = texts({ blocks: [{ type: 'note', text: lines.join('\n') }] })
    expect(messages.length).toBeGreaterThan(1)
    const visible = messages.map((m) => parseTelegramHtml(m.html)).join('\n')
    expect(visible).toBe(lines.join('\n'))
    for (const m of messages) expect(m.html.length).toBeLessThanOrEqual(TEXT_LIMIT)
  })

  it('GIVEN one line longer than a message THEN it is cut between words and nothing is lost', () => {
    const line = Array.from({ length: 2000 }, (_, i) => `w${i}&`).join(' ')
    const messages = texts({ blocks: [{ type: 'heading', text: line }] })
    expect(messages.length).toBeGreaterThan(2)
    for (const m of messages) {
      expect(m.html.length).toBeLessThanOrEqual(TEXT_LIMIT)
      expect(m.html).toMatch(/^<b>.*<\/b>$/s)
    }
    expect(messages.map((m) => parseTelegramHtml(m.html)).join(' ')).toBe(line)
  })

  it('GIVEN a table too long for one message THEN each part is its own <pre> with the header', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`bench-${i}`, `${i}.5%`, `${i}.0%`, '−0.5'])
    const messages = texts({
      blocks: [{ type: 'table', columns: ['Benchmark', 'Claimed', 'Measured', 'Δ'], rows }],
    })
    expect(messages.length).toBeGreaterThan(1)
    for (const m of messages) {
      expect(m.html.length).toBeLessThanOrEqual(TEXT_LIMIT)
      expect(parseTelegramHtml(m.html)).toMatch(/^Benchmark/)
    }
    const bodyRows = messages.flatMap((m) => parseTelegramHtml(m.html).split('\n').slice(2))
    expect(bodyRows).toHaveLength(200)
  })

  it('GIVEN an image THEN it becomes a photo with an escaped caption of at most 1024', () => {
    const png = new Uint8Array([137, 80, 78, 71])
    const messages = renderReply({
      blocks: [
        { type: 'paragraph', text: 'before' },
        { type: 'image', png, alt: `Chart <Δ> ${'x'.repeat(2000)}`, filename: 'chart.png' },
        { type: 'paragraph', text: 'after' },
      ],
    })
    expect(messages.map((m) => m.kind)).toEqual(['text', 'photo', 'text'])
    const photo = messages[1] as Extract<(typeof messages)[number], { kind: 'photo' }>
    expect(photo.caption.startsWith('Chart &lt;Δ&gt;')).toBe(true)
    expect(parseTelegramHtml(photo.caption).length).toBeLessThanOrEqual(1024)
  })

  it('GIVEN emoji at a cut THEN no surrogate pair is broken', () => {
    const line = '😀'.repeat(5000)
    const messages = texts({ blocks: [{ type: 'paragraph', text: line }] })
    for (const m of messages) expect(m.html).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
    expect(messages.map((m) => m.html).join('')).toBe(line)
  })
})

describe('Telegram command text', () => {
  it.each([
    ['/table Llama 4', { name: 'table', text: 'Llama 4', addressed: false }],
    [
      '/table@benchwatch_test_bot "Llama 4" MMLU',
      { name: 'table', text: '"Llama 4" MMLU', addressed: true },
    ],
    ['/News@BenchWatch_Test_Bot', { name: 'news', text: '', addressed: true }],
    ['/help@other_bot', null],
    ['hello /help', null],
    ['/tablex', { name: 'tablex', text: '', addressed: false }],
    ['/table\nLlama 4', { name: 'table', text: 'Llama 4', addressed: false }],
  ])('GIVEN %j THEN %j', (text, expected) => {
    expect(parseCommandText(text, 'benchwatch_test_bot')).toEqual(expected)
  })
})

describe('the fake Bot API HTML check (so the e2e checks mean something)', () => {
  it.each([
    ['<b>open', /end tag/],
    ['<b><i>x</b></i>', /Unmatched end tag/],
    ['<script>x</script>', /Unsupported start tag "script"/],
    ['a & b', /entity/],
    ['<a href="x" onclick="y">z</a>', /unsupported attribute/],
  ])('GIVEN %j THEN Telegram would refuse it', (html, error) => {
    expect(() => parseTelegramHtml(html)).toThrow(error)
  })
})
