import { describe, expect, it } from 'vitest'
import {
  parseArgs,
  tokenize,
  usageOf,
  validateOptions,
  type OptionSpecs,
} from '../../src/core/command.js'
import { UserError } from '../../src/core/errors.js'

const d = { en: 'x', ru: 'x' }
const table = {
  name: 'table',
  options: {
    model: { type: 'string', description: d, required: true },
    benchmark: { type: 'string', description: d },
  } satisfies OptionSpecs,
}
const news = {
  name: 'news',
  options: {
    query: { type: 'string', description: d },
    limit: { type: 'integer', description: d, min: 1, max: 20 },
  } satisfies OptionSpecs,
}
const subscribe = {
  name: 'subscribe',
  options: {
    topic: { type: 'string', description: d, required: true },
    mode: { type: 'string', description: d, choices: ['realtime', 'digest'] },
  } satisfies OptionSpecs,
}

describe('parseArgs', () => {
  it.each([
    [table.options, 'Llama 4', { model: 'Llama 4' }],
    [table.options, '"Llama 4" MMLU', { model: 'Llama 4', benchmark: 'MMLU' }],
    [table.options, '"Llama 4"', { model: 'Llama 4' }],
    [news.options, 'llama 5', { query: 'llama', limit: '5' }],
    [news.options, 'limit=3 контаминация данных', { query: 'контаминация данных', limit: '3' }],
    [subscribe.options, 'model:Llama 4 digest', { topic: 'model:Llama 4', mode: 'digest' }],
    [subscribe.options, 'keyword:«утечка тестов»', { topic: 'keyword:«утечка тестов»' }],
  ])('GIVEN %o and "%s" THEN %o', (specs, text, expected) => {
    expect(parseArgs(specs, text)).toEqual(expected)
  })

  it('GIVEN quotes THEN quoted words stay together', () => {
    expect(tokenize('"Llama 4" «GPT 5» MMLU')).toEqual(['Llama 4', 'GPT 5', 'MMLU'])
  })
})

describe('validateOptions', () => {
  it('GIVEN an integer as text THEN it is typed', () => {
    expect(validateOptions(news, { limit: '5' }, 'en')).toEqual({ limit: 5 })
  })

  it('GIVEN a missing required option THEN a UserError with code and usage, in the asked language', () => {
    const error = (() => {
      try {
        validateOptions(table, {}, 'ru')
      } catch (e) {
        return e
      }
      return null
    })() as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('missing_argument')
    expect(error.message).toBe(
      'Не указан параметр model.\nИспользование: /table <model> [benchmark]'
    )
  })

  it('GIVEN a choice outside the list THEN bad_argument names the choices', () => {
    expect(() => validateOptions(subscribe, { topic: 'all', mode: 'weekly' }, 'en')).toThrow(
      'Bad value for mode: one of realtime, digest.'
    )
  })

  it('GIVEN options THEN usageOf shows required and optional ones', () => {
    expect(usageOf(subscribe)).toBe('/subscribe <topic> [realtime|digest]')
  })
})
