import { describe, expect, it } from 'vitest'
import {
  matchItem,
  parseTopic,
  prepareItem,
  topicMatches,
  type MatchableItem,
  type MatchSubscription,
} from '../../src/core/match.js'

function item(overrides: Partial<MatchableItem> = {}): MatchableItem {
  return {
    id: 'it1',
    storyId: 'st1',
    title: 'Llama 4 Maverick benchmarks do not replicate',
    summary: 'Independent testers measured 71.2% on MMLU against a claimed 86.5%.',
    text: null,
    backlog: false,
    feedChatRef: null,
    label: 'controversy',
    entities: [
      { kind: 'model', id: 'llama-4-maverick' },
      { kind: 'benchmark', id: 'mmlu' },
    ],
    ...overrides,
  }
}

function sub(
  id: string,
  chatRef: string,
  topic: string,
  extra: Partial<MatchSubscription> = {}
): MatchSubscription {
  return { id, chatRef, topic, mode: 'realtime', ...extra }
}

function matches(topic: string, it: MatchableItem = item()): boolean {
  const parsed = parseTopic(topic)
  return parsed !== null && topicMatches(parsed, prepareItem(it))
}

describe('parseTopic', () => {
  it.each([
    ['all', { kind: 'all' }],
    ['controversies', { kind: 'controversies' }],
    ['model:llama-4', { kind: 'model', id: 'llama-4' }],
    ['benchmark:MMLU', { kind: 'benchmark', id: 'mmlu' }],
  ])('GIVEN %s THEN it parses', (topic, expected) => {
    expect(parseTopic(topic)).toEqual(expected)
  })

  it.each(['', 'regex:.*', 'model:', 'keyword:   ', 'keyword:.*+?', 'nonsense'])(
    'GIVEN the bad topic %j THEN it is refused (null), never treated as a pattern',
    (topic) => {
      expect(parseTopic(topic)).toBeNull()
    }
  )
})

describe('topicMatches', () => {
  it('GIVEN all THEN any item matches', () => {
    expect(matches('all', item({ label: 'not', entities: [] }))).toBe(true)
  })

  it('GIVEN controversies THEN only items the classifier labelled controversy match', () => {
    expect(matches('controversies')).toBe(true)
    expect(matches('controversies', item({ label: 'not' }))).toBe(false)
    expect(matches('controversies', item({ label: null }))).toBe(false)
  })

  it('GIVEN model:llama-4 THEN a Llama 4 Maverick item matches, and model:llama-4-maverick does not match plain Llama 4', () => {
    expect(matches('model:llama-4')).toBe(true)
    expect(matches('model:llama-4-maverick')).toBe(true)
    expect(matches('model:gpt-4o')).toBe(false)
    expect(
      matches('model:llama-4-maverick', item({ entities: [{ kind: 'model', id: 'llama-4' }] }))
    ).toBe(false)
  })

  it('GIVEN benchmark:swe-bench THEN a SWE-bench Verified item matches; a model id under benchmark: does not', () => {
    const swe = item({ entities: [{ kind: 'benchmark', id: 'swe-bench-verified' }] })
    expect(matches('benchmark:swe-bench', swe)).toBe(true)
    expect(matches('benchmark:mmlu')).toBe(true)
    expect(matches('benchmark:llama-4')).toBe(false)
  })

  it('GIVEN English keywords THEN they match whole words by stem, case-insensitive, in order', () => {
    expect(matches('keyword:benchmark')).toBe(true)
    expect(matches('keyword:BENCHMARKS')).toBe(true)
    expect(matches('keyword:replicated')).toBe(true)
    expect(matches('keyword:independent testers')).toBe(true)
    expect(matches('keyword:bench')).toBe(false)
    expect(matches('keyword:testers independent')).toBe(false)
  })

  it('GIVEN Russian keywords THEN other forms of the same words match', () => {
    const ru = item({
      title: 'Контаминация данных в тестах Llama 4',
      summary: 'Модель видела вопросы бенчмарка при обучении.',
    })
    expect(matches('keyword:контаминации данных', ru)).toBe(true)
    expect(matches('keyword:моделью', ru)).toBe(true)
    expect(matches('keyword:Бенчмарки', ru)).toBe(true)
    expect(matches('keyword:контаминация', item())).toBe(false)
  })

  it('GIVEN a keyword with pattern characters THEN they are literal text, not a regex', () => {
    expect(matches('keyword:llama.*')).toBe(true) // the word "llama"; ".*" is punctuation
    expect(matches('keyword:(maverick|gpt)')).toBe(false) // the words "maverick gpt" in order
  })
})

describe('matchItem', () => {
  const subs = [
    sub('a', 'telegram:1', 'all'),
    sub('b', 'telegram:2', 'controversies'),
    sub('c', 'telegram:3', 'model:gpt-4o'),
    sub('d', 'discord:4', 'keyword:benchmarks'),
  ]

  it('GIVEN a controversy THEN every chat whose topic matches gets it once', () => {
    expect(matchItem(item(), subs).map((m) => m.subscriptionId)).toEqual(['a', 'b', 'd'])
  })

  it('GIVEN a backlog item THEN nothing matches, not even all', () => {
    expect(matchItem(item({ backlog: true }), subs)).toEqual([])
  })

  it('GIVEN an item of a chat-scoped feed THEN it goes only to that chat', () => {
    expect(matchItem(item({ feedChatRef: 'telegram:2' }), subs).map((m) => m.chatRef)).toEqual([
      'telegram:2',
    ])
    expect(matchItem(item({ feedChatRef: 'telegram:9' }), subs)).toEqual([])
  })

  it('GIVEN a chat with two matching subscriptions THEN the story is delivered to it once', () => {
    const twice = [sub('x', 'telegram:1', 'all'), sub('y', 'telegram:1', 'controversies')]
    expect(matchItem(item(), twice)).toEqual([
      { subscriptionId: 'x', chatRef: 'telegram:1', itemId: 'it1', storyId: 'st1' },
    ])
  })

  it('GIVEN paused or digest-mode subscriptions THEN they are left out of realtime matches', () => {
    const others = [
      sub('p', 'telegram:1', 'all', { pausedAt: '2026-01-01T00:00:00.000Z' }),
      sub('q', 'telegram:2', 'all', { mode: 'digest' }),
    ]
    expect(matchItem(item(), others)).toEqual([])
  })

  it('GIVEN an ordinary item THEN controversies subscribers do not get it', () => {
    expect(
      matchItem(item({ label: 'not', title: 'Meta ships Llama 4', summary: null }), subs).map(
        (m) => m.subscriptionId
      )
    ).toEqual(['a'])
  })
})
