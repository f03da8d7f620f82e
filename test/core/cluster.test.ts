import { describe, expect, it } from 'vitest'
import { createStoryIndex, titleSignature, titleSimilarity } from '../../src/core/cluster.js'

const at = (iso: string) => new Date(iso)
const T = '2026-03-01T12:00:00Z'

describe('titleSignature', () => {
  it('GIVEN an English headline THEN stems without stop words, model names and numbers kept', () => {
    expect(titleSignature("OpenAI's o3 scores lower on ARC-AGI than claimed")).toEqual([
      'openai',
      'o3',
      'score',
      'arc',
      'agi',
      'claim',
    ])
  })
  it('GIVEN a Russian headline THEN Russian stems, benchmark-news words as shared concepts', () => {
    expect(titleSignature('Результаты Llama 4 в бенчмарках оказались завышены')).toEqual([
      'score',
      'llama',
      '4',
      'benchmark',
      'оказа',
      'inflat',
    ])
  })
})

describe('story similarity', () => {
  it.each([
    ["OpenAI's o3 scores lower on ARC-AGI than claimed", 'o3 falls short of claimed ARC-AGI score'],
    [
      'Meta accused of gaming LMArena with Llama 4 experimental model',
      'Llama 4: Meta used an experimental version to top LMArena, critics say',
    ],
    [
      'Скандал с бенчмарками Llama 4: результаты завышены',
      'Результаты Llama 4 в бенчмарках оказались завышены',
    ],
  ])('GIVEN "%s" and "%s" THEN one story', (a, b) => {
    const index = createStoryIndex([
      { id: 'x', storyId: 'story-x', title: a, feedId: 'feed-a', publishedAt: at(T) },
    ])
    expect(
      index.match({ title: b, feedId: 'feed-b', publishedAt: at('2026-03-02T08:00:00Z') })?.storyId
    ).toBe('story-x')
  })

  it.each([
    ['OpenAI releases GPT-5', 'Google releases Gemini 3'],
    ['Llama 4 benchmark scores inflated', 'Llama 4 tops new leaderboard'],
    ['Qwen3 beats GPT-4o on MMLU', 'Как запустить Qwen3 на ноутбуке'],
    ['Meta выпустила Llama 4', 'Llama 4 benchmark scores inflated'],
    [
      'GLM-4.7 признана лучшей открытой моделью по независимым тестам',
      'Llama 4 benchmark scores inflated',
    ],
  ])('GIVEN "%s" and "%s" THEN different stories', (a, b) => {
    const index = createStoryIndex([
      { id: 'x', storyId: 'story-x', title: a, feedId: 'feed-a', publishedAt: at(T) },
    ])
    expect(index.match({ title: b, feedId: 'feed-b', publishedAt: at(T) })).toBeNull()
  })

  it('GIVEN the same headline more than 72 h later THEN a new story', () => {
    const index = createStoryIndex([
      {
        id: 'x',
        storyId: 's',
        title: 'o3 falls short of claimed ARC-AGI score',
        feedId: 'a',
        publishedAt: at(T),
      },
    ])
    expect(
      index.match({
        title: 'o3 falls short of claimed ARC-AGI score',
        feedId: 'b',
        publishedAt: at('2026-03-04T12:00:01Z'),
      })
    ).toBeNull()
    expect(
      index.match({
        title: 'o3 falls short of claimed ARC-AGI score',
        feedId: 'b',
        publishedAt: at('2026-03-04T11:59:59Z'),
      })
    ).not.toBeNull()
  })

  it('GIVEN the same headline from the same feed THEN not clustered (a feed is one source)', () => {
    const index = createStoryIndex([
      {
        id: 'x',
        storyId: 's',
        title: 'o3 falls short of claimed ARC-AGI score',
        feedId: 'a',
        publishedAt: at(T),
      },
    ])
    expect(
      index.match({
        title: 'o3 falls short of claimed ARC-AGI score',
        feedId: 'a',
        publishedAt: at(T),
      })
    ).toBeNull()
  })

  it('GIVEN items added while matching THEN later items join the story of earlier ones', () => {
    const index = createStoryIndex()
    index.add({
      id: '1',
      storyId: '1',
      title: 'Llama 4 benchmark results inflated, leak says',
      feedId: 'a',
      publishedAt: at(T),
    })
    const match = index.match({
      title: 'Leak: Llama 4 benchmark results were inflated',
      feedId: 'b',
      publishedAt: at(T),
    })
    expect(match).toMatchObject({ storyId: '1', itemId: '1' })
  })

  it('GIVEN empty titles THEN similarity 0', () => {
    expect(titleSimilarity([], ['a'])).toBe(0)
  })
})
