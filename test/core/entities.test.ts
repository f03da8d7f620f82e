import { describe, expect, it } from 'vitest'
import {
  benchmarkMatches,
  findEntities,
  modelMatches,
  resolveBenchmark,
  resolveModel,
  suggestModels,
} from '../../src/core/entities.js'

const ids = (text: string) => findEntities(text).map((e) => `${e.kind}:${e.id}`)

describe('findEntities', () => {
  it.each([
    ['Llama-4 results', ['model:llama-4']],
    ['LLaMA 4 results', ['model:llama-4']],
    ['llama4 results', ['model:llama-4']],
    ['Llama 4 Maverick tops LMArena', ['model:llama-4-maverick', 'benchmark:lmarena']],
    [
      'Скандал с бенчмарками Llama 4: завышены MMLU и GSM8K',
      ['model:llama-4', 'benchmark:mmlu', 'benchmark:gsm8k'],
    ],
    ['GLM-4.7 признана лучшей открытой моделью', ['model:glm-4.7']],
    [
      'Claude 3.7 Sonnet on SWE-bench Verified',
      ['model:claude-3.7-sonnet', 'benchmark:swe-bench-verified'],
    ],
    ["Humanity's Last Exam and AIME 2025", ['benchmark:hle', 'benchmark:aime-2025']],
    ['Foo-7B and X-2.5-Pro', ['model:foo-7b', 'model:x-2.5-pro']],
    ['Grok 5 arrives', ['model:grok-5']],
  ])('GIVEN %j THEN finds %j', (text, expected) => {
    expect(ids(text)).toEqual(expected)
  })

  it('GIVEN everyday words and non-model codes THEN finds nothing', () => {
    expect(ids('We did the math after COVID-19 on an F-35 with UTF-8 text')).toEqual([])
  })

  it('GIVEN a case-sensitive alias THEN only the exact spelling counts', () => {
    expect(ids('scores on MATH')).toEqual(['benchmark:math'])
  })

  it('GIVEN a mention THEN start/end locate the surface in the text', () => {
    const text = 'Новая GPT-4o mini и o3-mini'
    for (const e of findEntities(text)) expect(text.slice(e.start, e.end)).toBe(e.surface)
    expect(findEntities(text).map((e) => e.name)).toEqual(['GPT-4o mini', 'o3-mini'])
  })

  it('GIVEN a glued longer token THEN a shorter alias does not match inside it', () => {
    expect(ids('Gemmas and Gemma 3')).toEqual(['model:gemma-3'])
  })
})

describe('resolveModel / resolveBenchmark / suggestModels', () => {
  it('GIVEN aliases THEN resolves to the canonical id', () => {
    expect(resolveModel('LLaMA-4')).toEqual({ id: 'llama-4', name: 'Llama 4' })
    expect(resolveModel('llama-4-maverick')?.name).toBe('Llama 4 Maverick')
    expect(resolveBenchmark('swe bench verified')?.id).toBe('swe-bench-verified')
    expect(resolveBenchmark('gsm-8k')?.id).toBe('gsm8k')
  })

  it('GIVEN an unknown model-like name THEN resolves to a derived id', () => {
    expect(resolveModel('Foo-7B')).toEqual({ id: 'foo-7b', name: 'Foo-7B' })
  })

  it('GIVEN a typo THEN no resolution but a suggestion', () => {
    expect(resolveModel('Lama 4')).toBeNull()
    expect(resolveModel('banana')).toBeNull()
    expect(suggestModels('Lama 4', 3)[0]).toEqual({ id: 'llama-4', name: 'Llama 4' })
    expect(suggestModels('gpt4o', 1)[0]?.id).toBe('gpt-4o')
    expect(suggestModels('zzzzzz', 3)).toEqual([])
  })
})

describe('modelMatches', () => {
  it.each([
    ['llama-4', 'llama-4-maverick', true],
    ['llama-4-maverick', 'llama-4', false],
    ['llama', 'llama-4-scout', true],
    ['llama-4', 'llama-3.1', false],
    ['qwen3', 'qwen3-next-80b', true],
    ['grok', 'grok-5', true],
    ['gpt-4o', 'gpt-4', false],
  ])('GIVEN topic %s and mention %s THEN %s', (topic, entity, expected) => {
    expect(modelMatches(topic, entity)).toBe(expected)
  })

  it('GIVEN benchmark variants THEN the base covers them', () => {
    expect(benchmarkMatches('swe-bench', 'swe-bench-verified')).toBe(true)
    expect(benchmarkMatches('swe-bench-verified', 'swe-bench')).toBe(false)
  })
})
