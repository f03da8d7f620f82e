import { describe, expect, it } from 'vitest'
import { classify, localizeReason } from '../../src/core/classify/index.js'

describe('localizeReason', () => {
  it.each([
    [
      'claimed vs measured scores for MMLU, GSM8K',
      'заявленные и измеренные результаты по MMLU, GSM8K',
    ],
    ["'inflated' about MMLU", '«inflated» — о MMLU'],
    ["'завышены' about a benchmark result", '«завышены» — о результате бенчмарка'],
    [
      "independent check does not confirm the claim ('not reproduce')",
      'независимая проверка не подтверждает заявление («not reproduce»)',
    ],
    [
      "independent check confirms the claim ('confirmed')",
      'независимая проверка подтверждает заявление («confirmed»)',
    ],
    [
      'wording close to known benchmark controversies',
      'формулировки, типичные для споров о бенчмарках',
    ],
    ['announcement, no doubt raised about the results', 'анонс, без сомнений в результатах'],
    ['about something other than benchmark results', 'не о результатах бенчмарков'],
    ['no doubt raised about benchmark results', 'сомнений в результатах бенчмарков нет'],
    ["'doubts' is not said of a benchmark result", '«doubts» сказано не о результате бенчмарка'],
    [
      "'odd' too weak a sign of a benchmark controversy",
      '«odd» — слишком слабый признак спора о бенчмарке',
    ],
  ])('GIVEN %s THEN Russian: %s', (en, ru) => {
    expect(localizeReason(en, 'ru')).toBe(ru)
    expect(localizeReason(en, 'en')).toBe(en)
  })

  it('GIVEN an LLM reason in its own words THEN it is left as it is', () => {
    expect(localizeReason('the model says so', 'ru')).toBe('the model says so')
  })

  it('GIVEN real classifier output in both languages THEN every reason has a Russian form', () => {
    const items = [
      {
        title: 'MMLU scores inflated, researchers say',
        summary: 'Independent testers got 71% where the lab claimed 86%.',
      },
      {
        title: 'Meta releases Llama 4 with record MMLU score',
        summary: 'The company says it leads rivals.',
      },
      {
        title: 'Скандал с бенчмарками Llama 4: результаты завышены',
        summary: 'Заявленные 86,5% на MMLU против 71,2% в независимой проверке.',
      },
      { title: 'OpenAI raises new funding round', summary: 'The round values the company higher.' },
    ]
    for (const item of items) {
      for (const reason of classify(item).reasons)
        expect(localizeReason(reason, 'ru')).not.toBe(reason)
    }
  })
})
