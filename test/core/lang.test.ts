import { describe, expect, it } from 'vitest'
import { detectLang } from '../../src/core/lang.js'

describe('detectLang', () => {
  it.each([
    ['Independent tests fail to confirm Llama 4 benchmark scores', 'en'],
    ['Meta executive denies training Llama 4 on test sets amid benchmark rumours', 'en'],
    ['Скандал с бенчмарками Llama 4: результаты завышены на 15–20%', 'ru'],
    ['GLM-4.7 признана лучшей открытой моделью по независимым тестам', 'ru'],
    ['Neues KI-Modell übertrifft GPT-4 in Mathematik-Tests deutlich', 'de'],
    ['Des chercheurs accusent Meta d’avoir gonflé les résultats de Llama 4', 'fr'],
    ['Незалежні тести не підтвердили заявлені результати Llama 4', 'uk'],
    ['谷歌发布新一代人工智能模型', 'zh'],
    // Russian without ы/э, told apart from Bulgarian and Ukrainian before any n-gram model runs.
    ['Стартап Groq привлёк 640 млн долларов', 'ru'],
    ['Нейросеть помогла врачам находить опухоли на снимках. Система внедрена в клиниках.', 'ru'],
    ['Новият модел на компанията показа резултат под обявения, съобщават независими тестери', 'bg'],
    ['Нова модель компанії показала результат нижче заявленого, повідомляють тестувальники', 'uk'],
    ['GLM-4.7 named best open model among open-weight models by independent tests', 'en'],
    ['Het model had een score van 90 procent in de test', 'nl'],
  ])('GIVEN %j THEN %s', (text, expected) => {
    expect(detectLang(text)).toBe(expected)
  })

  it.each([[''], ['42%'], ['GPT-5'], ['—']])('GIVEN %j (no language to tell) THEN und', (text) => {
    expect(detectLang(text)).toBe('und')
  })

  it('GIVEN a very long text THEN answers from its beginning', () => {
    const long = 'Independent researchers could not reproduce the claimed results. '.repeat(20_000)
    expect(detectLang(long)).toBe('en')
  })
})
