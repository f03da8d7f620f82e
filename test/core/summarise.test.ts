import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { splitSentences } from '../../src/core/extract/sentences.js'
import {
  createOfflineSummariser,
  summariseText,
  withFallback,
  type Summariser,
} from '../../src/core/summarise.js'

const rss = readFileSync(new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url), 'utf8')
const seedHtml = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]>/.exec(rss)![1]!

const english = [
  'Meta claimed that Llama 4 Maverick scored 86.5% on MMLU, e.g. ahead of GPT-4o.',
  'Dr. Jane Roe of an independent lab re-ran the test and found 71.2%, i.e. 15.3 points less.',
  'The lab published its prompts and code so that others can check the numbers.',
  'Meta said it would look into the difference between the two Llama 4 evaluations.',
  'In other news, the weather in Menlo Park was sunny.',
  'Critics noted that Llama 4 benchmark results had been questioned before.',
].join(' ')

describe('summariseText', () => {
  it('GIVEN the Russian seed item THEN 2–3 whole sentences within 400 characters, no table rows', () => {
    const summary = summariseText({
      title: 'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
      text: seedHtml,
      lang: 'ru',
    })
    expect(summary.length).toBeLessThanOrEqual(400)
    const sentences = splitSentences(summary)
    expect(sentences.length).toBeGreaterThanOrEqual(2)
    expect(sentences.length).toBeLessThanOrEqual(3)
    expect(summary).toContain('Llama 4')
    expect(summary).not.toContain('|')
    expect(summary).not.toMatch(/MMLU86/)
  })

  it('GIVEN English with abbreviations and decimals THEN sentences are kept whole and the aside is left out', () => {
    const summary = summariseText({
      title: 'Llama 4 MMLU score could not be reproduced',
      text: english,
    })
    expect(summary).toContain('Dr. Jane Roe')
    expect(summary).toContain('86.5%')
    expect(summary).not.toContain('weather')
    expect(summary.length).toBeLessThanOrEqual(400)
  })

  it('GIVEN the same input twice THEN the same summary', () => {
    const input = { title: 'Llama 4 MMLU score could not be reproduced', text: english }
    expect(summariseText(input)).toBe(summariseText(input))
  })

  it('GIVEN one very long sentence THEN it is clipped at a word with an ellipsis', () => {
    const text = `${'word '.repeat(150)}end.`
    const summary = summariseText({ title: 't', text }, { maxChars: 120 })
    expect(summary.length).toBeLessThanOrEqual(120)
    expect(summary.endsWith('…')).toBe(true)
  })

  it('GIVEN empty text THEN the title', () => {
    expect(summariseText({ title: 'Only a title', text: '' })).toBe('Only a title')
  })
})

describe('withFallback', () => {
  const offline = createOfflineSummariser()
  const input = { title: 'Llama 4 MMLU score could not be reproduced', text: english }

  it('GIVEN a primary that answers THEN its answer', async () => {
    const primary: Summariser = { summarise: async () => 'LLM summary.' }
    expect(await withFallback(primary, offline).summarise(input)).toBe('LLM summary.')
  })

  it('GIVEN a primary that throws or answers empty THEN the offline summary, and the reason is reported', async () => {
    const reasons: unknown[] = []
    const failing: Summariser = { summarise: async () => Promise.reject(new Error('timeout')) }
    const empty: Summariser = { summarise: async () => '  ' }
    const expected = await offline.summarise(input)
    expect(await withFallback(failing, offline, (e) => reasons.push(e)).summarise(input)).toBe(
      expected
    )
    expect(await withFallback(empty, offline, (e) => reasons.push(e)).summarise(input)).toBe(
      expected
    )
    expect(reasons.map((r) => (r instanceof Error ? r.message : r))).toEqual(['timeout', null])
  })
})
