import { describe, expect, it } from 'vitest'
import { buildDigest, renderDigest, type DigestCandidate } from '../../src/core/digest.js'

const now = new Date('2026-03-02T06:00:00.000Z')

function candidate(id: string, overrides: Partial<DigestCandidate> = {}): DigestCandidate {
  return {
    id,
    storyId: `st-${id}`,
    title: `Story ${id}`,
    summary: `Summary of ${id}. A second sentence that the digest leaves out.`,
    backlog: false,
    feedChatRef: null,
    label: 'not',
    entities: [],
    url: `https://example.org/${id}`,
    outlet: 'AI Manual',
    publishedAt: '2026-03-01T12:00:00.000Z',
    sourceCount: 1,
    tags: [],
    ...overrides,
  }
}

describe('buildDigest', () => {
  it('GIVEN stories of the day THEN controversies come first, then by sources, then newest', () => {
    const digest = buildDigest(
      [
        candidate('old', { publishedAt: '2026-03-01T07:00:00.000Z' }),
        candidate('new', { publishedAt: '2026-03-02T05:00:00.000Z' }),
        candidate('wide', { sourceCount: 4, publishedAt: '2026-03-01T07:00:00.000Z' }),
        candidate('fight', { label: 'controversy', publishedAt: '2026-03-01T07:00:00.000Z' }),
      ],
      { now }
    )
    expect(digest.stories.map((s) => s.item.id)).toEqual(['fight', 'wide', 'new', 'old'])
    expect(digest.controversies).toBe(1)
  })

  it("GIVEN items older than 24 h, backlog items and other chats' feeds THEN they are left out", () => {
    const digest = buildDigest(
      [
        candidate('stale', { publishedAt: '2026-03-01T05:59:00.000Z' }),
        candidate('backlog', { backlog: true }),
        candidate('theirs', { feedChatRef: 'telegram:9' }),
        candidate('ours', { feedChatRef: 'telegram:1' }),
      ],
      { now, chatRef: 'telegram:1' }
    )
    expect(digest.stories.map((s) => s.item.id)).toEqual(['ours'])
  })

  it('GIVEN two outlets on one story THEN it is one entry with two sources, shown by its controversy item', () => {
    const digest = buildDigest(
      [candidate('a', { storyId: 's' }), candidate('b', { storyId: 's', label: 'controversy' })],
      { now }
    )
    expect(digest.stories).toHaveLength(1)
    expect(digest.stories[0]).toMatchObject({
      sourceCount: 2,
      controversy: true,
      item: { id: 'b' },
    })
  })

  it('GIVEN a controversies digest THEN ordinary items are left out', () => {
    const digest = buildDigest([candidate('a'), candidate('b', { label: 'controversy' })], {
      now,
      topic: 'controversies',
    })
    expect(digest.stories.map((s) => s.item.id)).toEqual(['b'])
  })
})

describe('renderDigest', () => {
  it('GIVEN an empty day THEN nothing is posted unless the chat asked for quiet-day notes', () => {
    const empty = buildDigest([], { now })
    expect(renderDigest(empty, { lang: 'en', date: '2026-03-02' })).toBeNull()
    const quiet = renderDigest(empty, { lang: 'ru', date: '2026-03-02', quietDay: true })
    expect(quiet?.blocks.map((b) => ('text' in b ? b.text : ''))).toEqual([
      'Дайджест benchwatch · 2026-03-02',
      'Тихий день: за последние 24 часа по этой теме ничего нового.',
    ])
  })

  it('GIVEN stories and a table THEN one-line summaries and the table with its sources are shown', () => {
    const digest = buildDigest([candidate('a', { label: 'controversy', sourceCount: 2 })], {
      now,
      tables: [
        {
          model: 'Llama 4',
          modelId: 'llama-4',
          rows: [
            {
              benchmark: 'MMLU',
              benchmarkId: 'mmlu',
              unit: '%',
              claimed: { min: 86.5, max: 86.5, count: 1 },
              measured: { min: 71.2, max: 71.2, count: 1 },
              delta: { min: -15.3, max: -15.3, count: 1 },
              sources: [1],
            },
          ],
          sources: [{ id: 'a', title: 'Story a', outlet: 'AI Manual', number: 1 }],
        },
      ],
    })
    const reply = renderDigest(digest, { lang: 'en', date: '2026-03-02' })!
    const items = reply.blocks.find((b) => b.type === 'items')
    expect(items).toMatchObject({
      items: [
        { title: 'Story a', meta: 'AI Manual · 2 sources · controversy', detail: 'Summary of a.' },
      ],
    })
    const table = reply.blocks.find((b) => b.type === 'table')
    expect(table).toMatchObject({ rows: [['MMLU', '86.5%', '71.2%', '−15.3', '1']] })
    expect(reply.blocks.at(-1)).toEqual({ type: 'note', text: '[1] Story a — AI Manual' })
  })
})
