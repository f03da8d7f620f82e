import { describe, expect, it } from 'vitest'
import { analyse, featureVector } from '../../src/core/classify/features.js'
import { CONTROVERSY_TAGS, classify, defaultModel } from '../../src/core/classify/index.js'
import { logit } from '../../src/core/classify/model.js'
import { labelLogit, tagLogits } from '../../src/core/classify/scorer.js'

describe('classify: controversies', () => {
  it.each([
    [
      'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
      'По утёкшей стенограмме внутренней встречи, команда бенчмаркинга Llama 4 подгоняла тесты под известные ответы: заявленные результаты оказались выше реальных на 15–20%.',
    ],
    ['Independent testers fail to reproduce the model’s claimed 92% on HumanEval', ''],
    ['Meta got caught gaming AI benchmarks with an experimental Llama 4 on LMArena', ''],
    ['Researchers find the new model memorised GSM8K test questions', ''],
    ['Grok 3 chart compared cons@64 against rivals’ single attempts, critics say', ''],
    ['OpenAI funded FrontierMath and had access to the problems, Epoch discloses', ''],
    ['Независимые тесты не подтвердили заявленные результаты модели на MMLU', ''],
    ['Исследователи обвинили лабораторию в утечке тестовых данных в обучение', ''],
    ['Стартап выдумал результаты бенчмарков для презентации инвесторам', ''],
    ['Independent tests show the new model is weaker than claimed on MMLU', ''],
    ['Независимые тесты опровергли заявленные результаты модели', ''],
  ])('GIVEN %j THEN controversy', (title, summary) => {
    const result = classify({ title, summary })
    expect(result.label).toBe('controversy')
    expect(result.score).toBeGreaterThanOrEqual(defaultModel.threshold)
    expect(result.tags.length).toBeGreaterThan(0)
    expect(result.tags.every((t) => (CONTROVERSY_TAGS as readonly string[]).includes(t))).toBe(true)
    expect(result.reasons.length).toBeGreaterThan(0)
  })
})

describe('classify: hard negatives', () => {
  it.each([
    [
      'GLM-4.7 признана лучшей открытой моделью по независимым тестам',
      'Независимые оценки ставят GLM-4.7 от Zhipu AI на первое место среди открытых моделей.',
    ],
    [
      'Как запустить локальную LLM на ноутбуке: пошаговое руководство',
      'Разбираем, какие модели помещаются в 16 ГБ памяти и как настроить инференс.',
    ],
    ['Anthropic launches Claude Sonnet 4.5, scoring 77.2% on SWE-bench Verified', ''],
    ['Gemini 3 Pro takes first place on LMArena', ''],
    ['Epoch AI releases FrontierMath, a new benchmark of research-level problems', ''],
    ['Independent tests confirm DeepSeek-R1’s AIME scores', ''],
    ['Startup says its 8B model beats Llama 3 70B on MMLU', ''],
    ['Lawyers fined for citing fake cases invented by ChatGPT', ''],
    ['Fed holds benchmark rate steady', ''],
    ['Независимая проверка подтвердила результаты Qwen3 на LiveCodeBench', ''],
    ['Суд разрешил продолжить иск писателей против OpenAI', ''],
    ['Claude Haiku scores lower than Sonnet on coding tests, Anthropic says', ''],
    ['Точность Llama упала после сжатия до 4 бит, показали наши замеры', ''],
  ])('GIVEN %j THEN not', (title, summary) => {
    const result = classify({ title, summary })
    expect(result.label).toBe('not')
    expect(result.tags).toEqual([])
    expect(result.reasons.length).toBeGreaterThan(0)
  })
})

describe('classify: output', () => {
  it('GIVEN the seed item THEN language, entities, model version and a readable reason', () => {
    const result = classify({
      title: 'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
      summary: 'Команда подгоняла тесты MMLU и GSM8K под известные ответы.',
    })
    expect(result.lang).toBe('ru')
    expect(result.modelVersion).toBe(defaultModel.modelVersion)
    expect(result.entities.map((e) => e.id)).toEqual(['llama-4', 'mmlu', 'gsm8k'])
    expect(result.reasons.some((r) => /'завышены' about MMLU/.test(r))).toBe(true)
  })

  it('GIVEN claimed and measured numbers next to a benchmark THEN says so', () => {
    const result = classify({
      title: 'Llama 4 falls short: Meta claimed 86.5% on MMLU, independent tests measured 71.2%',
    })
    expect(result.label).toBe('controversy')
    expect(result.reasons[0]).toBe('claimed vs measured scores for MMLU')
  })

  it('GIVEN a confirmation THEN the reason says it confirms', () => {
    const result = classify({ title: 'Independent tests confirm DeepSeek-R1’s AIME scores' })
    expect(result.reasons[0]).toMatch(/^independent check confirms the claim/)
  })

  it('GIVEN the same item twice THEN the same answer (deterministic)', () => {
    const item = { title: 'Researchers question Grok 4 benchmark results', summary: 'x' }
    expect(classify(item)).toEqual(classify(item))
  })

  it('GIVEN a summary THEN the article body does not change the verdict', () => {
    const item = { title: 'Meta releases Llama 4 Scout', summary: 'The model scores 80% on MMLU.' }
    const body = 'Critics have long accused labs of inflating benchmark scores. '.repeat(40)
    expect(classify({ ...item, text: body })).toEqual(classify(item))
  })

  it('GIVEN empty or huge input THEN still a verdict', () => {
    expect(classify({ title: '' })).toMatchObject({ label: 'not', lang: 'und' })
    const huge = classify({ title: 'MMLU scores inflated', text: 'word '.repeat(500_000) })
    expect(huge.label).toBe('controversy')
  })
})

describe('classify: compiled scoring', () => {
  // The scorer compiles the model into lookup tables and caches per word; it must weigh exactly
  // what training saw: the sparse dot product of each model with the item's feature vector.
  it.each([
    ['Llama 4 falls short: Meta claimed 86.5% on MMLU, independent tests measured 71.2%', ''],
    ['Independent testers fail to reproduce the model’s claimed 92% on HumanEval', ''],
    [
      'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
      'Команда подгоняла тесты MMLU и GSM8K под известные ответы.',
    ],
    ['Anthropic launches Claude Sonnet 4.5, scoring 77.2% on SWE-bench Verified', ''],
    ['Независимая проверка подтвердила результаты Qwen3 на LiveCodeBench', ''],
    ['Fed holds benchmark rate steady', 'Officials kept the benchmark rate unchanged.'],
  ])('GIVEN %j THEN the label and tag logits equal the plain dot products', (title, summary) => {
    const analysis = analyse({ title, summary })
    const features = featureVector(analysis)
    expect(labelLogit(defaultModel, analysis)).toBeCloseTo(logit(defaultModel.label, features), 9)
    const tags = tagLogits(defaultModel, analysis)
    CONTROVERSY_TAGS.forEach((tag, i) => {
      expect(tags[i]).toBeCloseTo(logit(defaultModel.tags[tag], features), 9)
    })
  })
})
