import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractDiscrepancies, type DiscrepancyRow } from '../../src/core/extract/index.js'
import { parseCellScore } from '../../src/core/extract/numbers.js'
import { splitSentences } from '../../src/core/extract/sentences.js'

const rss = readFileSync(new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url), 'utf8')
const seedHtml = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]>/.exec(rss)![1]!
const seedTitle = /<item>\s*<title>([^<]+)<\/title>/.exec(rss)![1]!

const brief = (rows: DiscrepancyRow[]) =>
  rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured, r.unit, r.delta])

const SEED_ROWS = [
  ['Llama 4', 'MMLU', 86.5, 71.2, '%', -15.3],
  ['Llama 4', 'GSM8K', 92.1, 78.8, '%', -13.3],
  ['Llama 4', 'HumanEval', 74.3, 62.9, '%', -11.4],
]

describe('extractDiscrepancies on the seed fixture', () => {
  it('GIVEN the seed item HTML THEN exactly the three rows of its table for Llama 4', () => {
    const rows = extractDiscrepancies({ title: seedTitle, html: seedHtml })
    expect(brief(rows)).toEqual(SEED_ROWS)
    expect(rows[0]!.modelId).toBe('llama-4')
    expect(rows[0]!.snippet).toContain('86.5%')
  })

  it('GIVEN the same table flattened with no separators THEN the same rows', () => {
    const flat = seedHtml.replace(/<[^>]+>/g, '').replace(/\s*\n\s*/g, '')
    expect(flat).toContain('MMLU86.5%71.2%-15.3%')
    expect(brief(extractDiscrepancies({ title: seedTitle, text: flat }))).toEqual(SEED_ROWS)
  })

  it('GIVEN the flattened table with spaces THEN the same rows', () => {
    const text = seedHtml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(brief(extractDiscrepancies({ title: seedTitle, text }))).toEqual(SEED_ROWS)
  })

  it('GIVEN the table with one cell per line THEN the same rows', () => {
    const text = seedHtml.replace(/<\/(td|th)>/g, '\n').replace(/<[^>]+>/g, '')
    expect(brief(extractDiscrepancies({ title: seedTitle, text }))).toEqual(SEED_ROWS)
  })

  it('GIVEN the other seed items (no claimed-vs-measured pair) THEN no rows', () => {
    expect(
      extractDiscrepancies({
        title: 'GLM-4.7 признана лучшей открытой моделью',
        text: 'Независимые оценки ставят GLM-4.7 от Zhipu AI на первое место среди открытых моделей.',
      })
    ).toEqual([])
  })
})

describe('extractDiscrepancies on tables', () => {
  it('GIVEN measured before claimed, footnote marks and a markdown table THEN columns are told apart', () => {
    const text =
      '| Benchmark | Measured | Claimed |\n|---|---|---|\n| MMLU (5-shot) | 71.2% | 86.5%¹ |\n| GSM8K | 78.8% [2] | 92.1%* |'
    const rows = extractDiscrepancies({ title: 'Llama 4 retested', text })
    expect(brief(rows)).toEqual([SEED_ROWS[0], SEED_ROWS[1]])
    expect(rows[0]!.conditions).toBe('5-shot')
  })

  it('GIVEN nested markup, colspan model headers and <sup> footnotes THEN one row per model variant', () => {
    const html =
      '<div><table><tr><th rowspan=2>Benchmark</th><th colspan=2>Llama 4 Maverick</th><th colspan=2>Llama 4 Scout</th></tr>' +
      '<tr><th>Claimed</th><th>Measured</th><th>Claimed</th><th>Measured</th></tr>' +
      '<tr><td><div><b>MMLU</b></div></td><td><span>86.5%<sup>[1]</sup></span></td><td>71.2%</td><td>79.6%</td><td>70.1%</td></tr></table></div>'
    expect(brief(extractDiscrepancies({ title: 'Llama 4', html }))).toEqual([
      ['Llama 4 Maverick', 'MMLU', 86.5, 71.2, '%', -15.3],
      ['Llama 4 Scout', 'MMLU', 79.6, 70.1, '%', -9.5],
    ])
  })

  it('GIVEN a difference column that contradicts the pair THEN that row is dropped', () => {
    const html =
      '<table><tr><th>Benchmark</th><th>Claimed</th><th>Measured</th><th>Δ</th></tr>' +
      '<tr><td>MMLU</td><td>86.5</td><td>71.2</td><td>-15.3</td></tr><tr><td>GSM8K</td><td>92.1</td><td>78.8</td><td>-2.0</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Llama 4', html })).map((r) => r[1])).toEqual([
      'MMLU',
    ])
  })

  it('GIVEN an unlabeled column the difference column identifies THEN it is read as the measured side', () => {
    const html =
      '<table><tr><th>Benchmark</th><th>Official</th><th>Run 2</th><th>Gap</th></tr>' +
      '<tr><td>FrontierMath</td><td>25.2%</td><td>10.5%</td><td>-14.7</td></tr></table>'
    const rows = extractDiscrepancies({ title: 'o3 retested', html })
    expect(brief(rows)).toEqual([['o3', 'FrontierMath', 25.2, 10.5, '%', -14.7]])
    expect(rows[0]!.confidence).toBeLessThan(0.9)
  })

  it('GIVEN a title row spanning the table THEN it names the model and is not read as a header', () => {
    const html =
      '<table><tr><td colspan="3">Llama 3.1 405B: claimed vs. measured</td></tr>' +
      '<tr><td>Benchmark</td><td>Claimed</td><td>Measured</td></tr><tr><td>GSM8K</td><td>96.8%</td><td>91.3%</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Retest', html }))).toEqual([
      ['Llama 3.1 405B', 'GSM8K', 96.8, 91.3, '%', -5.5],
    ])
  })

  it('GIVEN a flattened table whose header words and benchmark names are glued THEN its rows', () => {
    const text =
      'Kimi K2 retest:BenchmarkReportedIndependentSWE-bench Verified65.8%54.2%AIME 202449.5%41.0%'
    expect(brief(extractDiscrepancies({ title: 'Copy-paste', text }))).toEqual([
      ['Kimi K2', 'SWE-bench Verified', 65.8, 54.2, '%', -11.6],
      ['Kimi K2', 'AIME 2024', 49.5, 41, '%', -8.5],
    ])
  })

  it('GIVEN one claimed column and two measured ones THEN a row per measurement, bare figures read as percent', () => {
    const html =
      '<table><tr><th>Benchmark</th><th>Claimed (Meta)</th><th>Measured (lab A)</th><th>Measured (lab B)</th><th>GPT-4o measured</th></tr>' +
      '<tr><td>MMLU</td><td>86.5</td><td>71.2</td><td>72.0</td><td>85.0</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Llama 4', html }))).toEqual([
      ['Llama 4', 'MMLU', 86.5, 71.2, '%', -15.3],
      ['Llama 4', 'MMLU', 86.5, 72, '%', -14.5],
    ])
  })

  it('GIVEN a column named after the company beside a measured one THEN the company column is the claim', () => {
    const text =
      'Reproduction of Llama 3.3 70B results:\n\n| Benchmark | Meta | Reproduced |\n|---|---|---|\n| MMLU | 86.0 | 82.7 |'
    const rows = extractDiscrepancies({ title: 'Retest', text })
    expect(brief(rows)).toEqual([['Llama 3.3', 'MMLU', 86, 82.7, '%', -3.3]])
    expect(rows[0]!.confidence).toBeLessThan(0.9)
  })

  it('GIVEN a launch table and a leaderboard THEN no rows', () => {
    const launch =
      '<p>Meta released Llama 4 with these reported results.</p><table><tr><th>Benchmark</th><th>Llama 4 Maverick</th><th>GPT-4o</th></tr>' +
      '<tr><td>MMLU-Pro</td><td>80.5</td><td>73.3</td></tr></table>'
    const board =
      '| Rank | Model | Score |\n|---|---|---|\n| 1 | Gemini 2.5 Pro | 1460 |\n| 2 | GPT-4o | 1428 |'
    expect(extractDiscrepancies({ title: 'Llama 4 launch', html: launch })).toEqual([])
    expect(extractDiscrepancies({ title: 'Leaderboard', text: board })).toEqual([])
    const twoMetrics =
      '<table><tr><th>Model</th><th>Claimed MMLU</th><th>Independent HumanEval</th></tr><tr><td>Llama 4</td><td>86.5</td><td>62.9</td></tr></table>'
    expect(extractDiscrepancies({ title: 'Llama 4', html: twoMetrics })).toEqual([])
  })
})

describe('extractDiscrepancies on prose', () => {
  it.each([
    ['en', 'Meta claimed 86.5% on MMLU, but independent tests found 71.2%.'],
    ['ru', 'Заявленные 86,5% на MMLU против 71,2% в независимой проверке.'],
    [
      'ru, two sentences',
      'По данным компании, Llama 4 набирает 86,5% на MMLU. Независимые исследователи получили 71,2%.',
    ],
    [
      'en, measured first',
      'Independent evaluators measured 71.2% on MMLU, well below the 86.5% Meta claimed.',
    ],
  ])('GIVEN %s prose THEN the MMLU pair', (_, text) => {
    expect(brief(extractDiscrepancies({ title: 'Llama 4 under scrutiny', text }))).toEqual([
      SEED_ROWS[0],
    ])
  })

  it('GIVEN a family named near the measured figure THEN it pairs with the claimed member', () => {
    const text =
      'OpenAI claimed o3 reached 87.5% on ARC-AGI-1, but the ARC Prize Foundation measured 75.7% for the released model.'
    expect(brief(extractDiscrepancies({ title: 'o3', text }))).toEqual([
      ['o3', 'ARC-AGI-1', 87.5, 75.7, '%', -11.8],
    ])
  })

  it('GIVEN "from a claimed X to Y" with the measuring side named after THEN X is claimed and Y measured', () => {
    const text =
      'On HumanEval, the score of Qwen2.5-Coder fell from a claimed 92.7% to 85.4% when outside researchers re-ran it.'
    expect(brief(extractDiscrepancies({ title: 'Retest', text }))).toEqual([
      ['Qwen2.5-Coder', 'HumanEval', 92.7, 85.4, '%', -7.3],
    ])
  })

  it('GIVEN a difference stated beside the pair THEN it is not read as a third figure', () => {
    for (const text of [
      'Meta claimed 86.5% on MMLU; independent tests found 71.2%, a 15.3% drop.',
      'Meta claimed 86.5% on MMLU, but independent tests found 71.2% (-15.3 pp).',
    ]) {
      expect(brief(extractDiscrepancies({ title: 'Llama 4', text }))).toEqual([SEED_ROWS[0]])
    }
  })

  it('GIVEN Elo written with a thin-space thousands separator THEN the whole number', () => {
    const text =
      'Официально модель получила 1 417 Elo на LMArena, а реальная публичная версия — 1 273 Elo.'
    expect(brief(extractDiscrepancies({ title: 'Llama 4 Maverick', text }))).toEqual([
      ['Llama 4 Maverick', 'LMArena', 1417, 1273, 'elo', -144],
    ])
  })

  it('GIVEN one cue word between two figures THEN it takes the figure it introduces', () => {
    const text =
      'Заявленный показатель Qwen3-32B на AIME 2024 — 81,4%, фактически модель набрала 72,9%.'
    expect(brief(extractDiscrepancies({ title: 'Qwen3', text }))).toEqual([
      ['Qwen3-32B', 'AIME 2024', 81.4, 72.9, '%', -8.5],
    ])
  })

  it('GIVEN claimed/measured pairs written with slashes THEN a row per benchmark', () => {
    const text = 'GLM-4.7, заявлено/получено: GPQA Diamond 85,7/79,1; AIME 2025 95,7/88,0'
    expect(brief(extractDiscrepancies({ title: 'GLM-4.7', text }))).toEqual([
      ['GLM-4.7', 'GPQA Diamond', 85.7, 79.1, '%', -6.6],
      ['GLM-4.7', 'AIME 2025', 95.7, 88, '%', -7.7],
    ])
  })

  it('GIVEN Elo figures THEN unit elo and the variant the sentence names', () => {
    const text =
      'The vendor advertised an LMArena Elo of 1417 for Llama 4 Maverick, but the released model actually sits at 1273 Elo.'
    expect(brief(extractDiscrepancies({ title: 'Llama 4 arena', text }))).toEqual([
      ['Llama 4 Maverick', 'LMArena', 1417, 1273, 'elo', -144],
    ])
  })

  it('GIVEN the pair in the headline and the model only in the item entities THEN the row', () => {
    const rows = extractDiscrepancies({
      title: 'Meta claimed 86.5% on MMLU; independent tests found 71.2%',
      text: 'Details inside.',
      models: [{ id: 'llama-4', name: 'Llama 4' }],
    })
    expect(brief(rows)).toEqual([SEED_ROWS[0]])
  })

  it.each([
    ['one side only', 'We reproduced DeepSeek-R1 on AIME 2024 and measured 71.0% with 16 samples.'],
    [
      'several third-party numbers',
      'Independent testers measured 71.2% on MMLU for Llama 4; another lab found 70.8%, and a third reported 72.0%.',
    ],
    [
      'a claim against a rival',
      'Meta claims Llama 4 Maverick scores 80.5% on MMLU-Pro, beating GPT-4o, which independent leaderboards place at 73.3%.',
    ],
    [
      'a delta in points only',
      'Независимые тесты показали, что результат Llama 4 на MMLU на 15,3 процентных пункта ниже заявленного.',
    ],
    [
      'a claim and a measurement of another model',
      'Meta claims 86.5% on MMLU for Llama 4. Independent tests of GPT-4o found 88.7%.',
    ],
    [
      'a claim and a measurement on another benchmark',
      'Meta claimed 86.5% on MMLU for Llama 4, while independent testers reported 62.9% on HumanEval.',
    ],
    [
      'a range without benchmark',
      'Заявленные результаты завышены на 15–20% относительно реальной производительности модели.',
    ],
  ])('GIVEN %s THEN no rows', (_, text) => {
    expect(extractDiscrepancies({ title: 'Llama 4', text })).toEqual([])
  })
})

describe('extractDiscrepancies on more wordings', () => {
  it('GIVEN a flattened Russian "План/Факт"-style header THEN rows, including one after a difference written without "%"', () => {
    const text =
      'Повторили замеры. МетрикаЗаявленоФактРазницаMMLU-Pro80,6%71,0%-9,6GPQA Diamond65,0%58,5%-6,5 Конец.'
    expect(brief(extractDiscrepancies({ title: 'Qwen3: проверка', text }))).toEqual([
      ['Qwen3', 'MMLU-Pro', 80.6, 71, '%', -9.6],
      ['Qwen3', 'GPQA Diamond', 65, 58.5, '%', -6.5],
    ])
  })

  it('GIVEN a flattened table after a sentence naming only the family THEN the variant from the headline', () => {
    const text =
      'Mistral promises a lot. BenchmarkClaimedReplicated MMLU-Pro79.1%71.6% HumanEval90.2%84.9%'
    const rows = extractDiscrepancies({ title: 'Mistral Small 3 in our replication', text })
    expect(rows.map((r) => [r.model, r.benchmark])).toEqual([
      ['Mistral Small 3', 'MMLU-Pro'],
      ['Mistral Small 3', 'HumanEval'],
    ])
  })

  it('GIVEN "(claimed / measured): Bench — X / Y; …" THEN one row per benchmark', () => {
    const text = 'Итоги (заявлено / получено): GSM8K — 91,2 / 85,0; MATH — 70,4 / 63,9.'
    expect(brief(extractDiscrepancies({ title: 'Phi-4 на математике', text }))).toEqual([
      ['Phi-4', 'GSM8K', 91.2, 85, '%', -6.2],
      ['Phi-4', 'MATH', 70.4, 63.9, '%', -6.5],
    ])
  })

  it('GIVEN Russian "обещали … насчитали" THEN the pair', () => {
    const text =
      'Авторы обещали 71,5 балла на LiveCodeBench. Сторонние тестировщики насчитали 63,2.'
    expect(brief(extractDiscrepancies({ title: 'Kimi K2: проверка', text }))).toEqual([
      ['Kimi K2', 'LiveCodeBench', 71.5, 63.2, 'pts', -8.3],
    ])
  })

  it('GIVEN "our replay put it at" with Elo THEN an Elo pair', () => {
    const text = 'The lab claimed a Codeforces rating of 2100 Elo; our replay put it at 1900.'
    expect(brief(extractDiscrepancies({ title: 'o3-mini rating', text }))).toEqual([
      ['o3-mini', 'Codeforces', 2100, 1900, 'elo', -200],
    ])
  })

  it.each([
    ['Vendor', 'Us'],
    ['OpenAI', 'Epoch AI'],
    ['Company figure', 'Lab result'],
    ['Пресс-релиз', 'Наш тест'],
    ['Official score', 'Community score'],
  ])('GIVEN table headers %s | %s THEN claimed and measured columns', (claimed, measured) => {
    const html = `<table><tr><th>Benchmark</th><th>${claimed}</th><th>${measured}</th></tr><tr><td>MMLU-Pro</td><td>80.1%</td><td>72.4%</td></tr></table>`
    expect(brief(extractDiscrepancies({ title: 'o3 numbers', html }))).toEqual([
      ['o3', 'MMLU-Pro', 80.1, 72.4, '%', -7.7],
    ])
  })

  it('GIVEN a plain-text table aligned with spaces THEN its rows', () => {
    const text =
      'Benchmark       Meta     Measured\nMMLU-Pro        80.5     71.9\nGPQA Diamond    69.8     60.1'
    expect(brief(extractDiscrepancies({ title: 'Llama 4 Maverick re-run', text }))).toEqual([
      ['Llama 4 Maverick', 'MMLU-Pro', 80.5, 71.9, '%', -8.6],
      ['Llama 4 Maverick', 'GPQA Diamond', 69.8, 60.1, '%', -9.7],
    ])
  })

  it('GIVEN a sentence with double spaces THEN it is not read as a table row', () => {
    const text = 'Meta said  Llama 4 scored  80.5 on MMLU-Pro.  We measured  71.9 there.'
    expect(brief(extractDiscrepancies({ text }))).toEqual([
      ['Llama 4', 'MMLU-Pro', 80.5, 71.9, '%', -8.6],
    ])
  })

  it.each([
    ['Alibaba touts 69.6% on SWE-bench Verified. In our hands it reached 61.8%.', 69.6, 61.8],
    ["OpenAI's marketing materials cite 92.7% on AIME 2025; we clocked 84.1%.", 92.7, 84.1],
    ['Anthropic claimed 72.5 per cent on SWE-bench Verified; we measured 64 per cent.', 72.5, 64],
    ['The vendor put the MMLU-Pro score at 80.5%. Our testing produced 71.9%.', 80.5, 71.9],
    ['Яндекс рапортовал о 83% на MMLU, однако независимые исследователи намерили 76%.', 83, 76],
    ['Компания говорит о 64,2% на SWE-bench Verified — у нас получилось 56,1%.', 64.2, 56.1],
    ['Заявлено: MMLU 83,0%. Проверено: MMLU 76,2%.', 83, 76.2],
    ['На презентации показали 87,1% на GSM8K. Мы перезапустили тест — вышло 80,4%.', 87.1, 80.4],
  ])('GIVEN "%s" THEN the claimed and measured pair', (text, claimed, measured) => {
    const [row, ...more] = extractDiscrepancies({ title: 'Grok 4 check', text })
    expect(more).toEqual([])
    expect(row).toMatchObject({ model: 'Grok 4', claimed, measured })
  })

  it('GIVEN a release note ("the lab released version 3.4 … according to the model card 71.2% on MMLU") THEN no rows', () => {
    const text =
      'The lab released version 3.4 of its open model. According to the model card, it scores 71.2% on MMLU and 62.9% on HumanEval.'
    expect(extractDiscrepancies({ title: 'Qwen3 update', text })).toEqual([])
  })

  it('GIVEN a model variant named outside the first alias ("GigaChat 2 Max") THEN it groups as GigaChat', () => {
    const html =
      '<table><tr><th>Тест</th><th>По данным Сбера</th><th>Наш прогон</th></tr><tr><td>MMLU</td><td>85,0</td><td>80,0</td></tr></table>'
    const [row] = extractDiscrepancies({ title: 'GigaChat 2 Max: наш прогон', html })
    expect(row).toMatchObject({ modelId: 'gigachat', benchmark: 'MMLU', claimed: 85, measured: 80 })
  })
})

describe('extractDiscrepancies on company-named columns, borrowed cues and bare ratings', () => {
  it('GIVEN two models side by side, each with a company column and a measured one THEN a row per model', () => {
    const html =
      '<table><tr><th rowspan="2">Benchmark</th><th colspan="2">Claude Opus 4</th><th colspan="2">Claude Sonnet 4</th></tr>' +
      '<tr><th>Anthropic</th><th>Our run</th><th>Anthropic</th><th>Our run</th></tr>' +
      '<tr><td>SWE-bench Verified</td><td>72.5</td><td>66.0</td><td>72.7</td><td>64.9</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Claude 4, re-run', html }))).toEqual([
      ['Claude Opus 4', 'SWE-bench Verified', 72.5, 66, '%', -6.5],
      ['Claude Sonnet 4', 'SWE-bench Verified', 72.7, 64.9, '%', -7.8],
    ])
  })

  it('GIVEN a flattened header whose claimed column is a company name THEN the rows', () => {
    const text = 'BenchmarkGoogleOur testsΔGPQA Diamond86.4%79.9%-6.5SimpleQA54.0%48.2%-5.8'
    expect(brief(extractDiscrepancies({ title: 'Gemini 2.5 Pro re-run', text }))).toEqual([
      ['Gemini 2.5 Pro', 'GPQA Diamond', 86.4, 79.9, '%', -6.5],
      ['Gemini 2.5 Pro', 'SimpleQA', 54, 48.2, '%', -5.8],
    ])
  })

  it('GIVEN "X% on B in our run" after a claim word THEN the phrase the figure leads into decides', () => {
    const text =
      'It missed the headline figure: 70.1% on GPQA Diamond in our tests, not the 78.3% promised.'
    expect(brief(extractDiscrepancies({ title: 'Grok 3 mini', text }))).toEqual([
      ['Grok 3 mini', 'GPQA Diamond', 78.3, 70.1, '%', -8.2],
    ])
  })

  it('GIVEN claimed figures for two benchmarks and two later measured ones with none named THEN they pair in order', () => {
    const text =
      'The paper gives 84.1 on MMLU-Pro and 70.2 on GPQA Diamond; the reproductions we ran give 78.0 and 63.5.'
    expect(brief(extractDiscrepancies({ title: 'Qwen3 paper check', text }))).toEqual([
      ['Qwen3', 'MMLU-Pro', 84.1, 78, '%', -6.1],
      ['Qwen3', 'GPQA Diamond', 70.2, 63.5, '%', -6.7],
    ])
  })

  it('GIVEN a rating without "Elo" in the measuring sentence THEN the benchmark makes it Elo', () => {
    const text =
      'The company claimed a Codeforces rating of 2100. Our own simulation placed it at 1875.'
    expect(brief(extractDiscrepancies({ title: 'o4-mini on contests', text }))).toEqual([
      ['o4-mini', 'Codeforces', 2100, 1875, 'elo', -225],
    ])
  })

  it('GIVEN "вместо обещанных X … получила Y" THEN X is claimed and Y measured', () => {
    const text = 'Вместо обещанных 1402 очков Elo в LMArena модель в открытой версии получила 1311.'
    expect(brief(extractDiscrepancies({ title: 'Llama 4 Scout', text }))).toEqual([
      ['Llama 4 Scout', 'LMArena', 1402, 1311, 'elo', -91],
    ])
  })

  it('GIVEN a vendor figure against a rival "as measured by the company" THEN no rows', () => {
    const text =
      'OpenAI claims o3 outscored Gemini 2.5 Pro on AIME 2025, 88.9% versus 86.7%, as measured by the company.'
    expect(extractDiscrepancies({ title: 'o3 vs Gemini', text })).toEqual([])
  })

  it.each([
    [
      'Авторы модели приводят 73,1% на SWE-bench Verified. Наши собственные тесты показали 66,4%.',
      73.1,
      66.4,
    ],
    [
      "Meta's blog credits the model with 73.7 on GPQA Diamond; on our cluster it scored 64.2.",
      73.7,
      64.2,
    ],
    [
      'In the launch stream the lab showed 93.3% on AIME 2025; the community reproductions average 80.2%.',
      93.3,
      80.2,
    ],
  ])('GIVEN "%s" THEN the pair', (text, claimed, measured) => {
    const rows = extractDiscrepancies({ title: 'Kimi K2', text })
    expect(rows.map((r) => [r.model, r.claimed, r.measured])).toEqual([
      ['Kimi K2', claimed, measured],
    ])
  })

  it('GIVEN a markdown table headed "Официально | Замер" and "YandexGPT 5 Pro" THEN rows for YandexGPT', () => {
    const text = '| Тест | Официально | Замер |\n|---|---|---|\n| MMLU | 83,0 | 77,5 |'
    const [row] = extractDiscrepancies({ title: 'YandexGPT 5 Pro: замеры', text })
    expect(row).toMatchObject({
      modelId: 'yandexgpt',
      benchmark: 'MMLU',
      claimed: 83,
      measured: 77.5,
    })
  })
})

describe('extractDiscrepancies on more phrasings and table shapes', () => {
  it.each([
    [
      'Google bragged about a 45.8% score on GPQA Diamond. The number we observed was 38.1%.',
      45.8,
      38.1,
    ],
    ["Anthropic's figure: 77.2% on GPQA Diamond. Ours: 70.6%.", 77.2, 70.6],
    [
      'The paper reports 79.8% on GPQA Diamond. Re-running the official script, we obtain 72.4%.',
      79.8,
      72.4,
    ],
    ["Google's numbers put it at 67.5 on GPQA Diamond. We could not get past 62.3.", 67.5, 62.3],
    [
      'Alibaba уверяет, что модель набирает 85,7% на GPQA Diamond. Наш прогон дал 78,1%.',
      85.7,
      78.1,
    ],
    [
      'Google отчиталась о 63,8% на GPQA Diamond, однако при повторном запуске мы увидели 57,2%.',
      63.8,
      57.2,
    ],
    [
      'Если верить разработчикам, модель набирает 97,3% на GPQA Diamond. У нас модель решила 92,1% задач.',
      97.3,
      92.1,
    ],
  ])('GIVEN "%s" THEN the pair', (text, claimed, measured) => {
    const rows = extractDiscrepancies({ title: 'Gemini 2.5 Flash', text })
    expect(rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured])).toEqual([
      ['Gemini 2.5 Flash', 'GPQA Diamond', claimed, measured],
    ])
  })

  it('GIVEN prose naming the family ("the Qwen team reports") under a headline naming the variant THEN the variant', () => {
    const text = 'The Qwen team reports 70.7 on LiveCodeBench; our reproduction lands at 61.7.'
    const [row] = extractDiscrepancies({ title: 'Qwen3-Coder, reproduced', text })
    expect(row).toMatchObject({ model: 'Qwen3-Coder', claimed: 70.7, measured: 61.7 })
  })

  it('GIVEN one column "Claimed / measured" with cells "80.6 / 71.2" THEN it is read as two columns', () => {
    const html =
      '<table><tr><th>Benchmark</th><th>Claimed / measured</th></tr>' +
      '<tr><td>MMLU-Pro</td><td>80.6 / 71.2</td></tr><tr><td>GPQA Diamond</td><td>65.8 / 58.0</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Qwen3', html }))).toEqual([
      ['Qwen3', 'MMLU-Pro', 80.6, 71.2, '%', -9.4],
      ['Qwen3', 'GPQA Diamond', 65.8, 58, '%', -7.8],
    ])
  })

  it('GIVEN a bulleted Russian list "• Bench — X% против Y%" under a "claimed vs measured" line THEN a row per bullet', () => {
    const text =
      'Заявлено против измеренного:\n• GPQA Diamond — 82,8% против 74,1%\n• AIME 2024 — 72,0% против 61,3%'
    expect(brief(extractDiscrepancies({ title: 'Gemini 2.5 Flash', text }))).toEqual([
      ['Gemini 2.5 Flash', 'GPQA Diamond', 82.8, 74.1, '%', -8.7],
      ['Gemini 2.5 Flash', 'AIME 2024', 72, 61.3, '%', -10.7],
    ])
  })
})

describe('extractDiscrepancies on attributions, rivals and outlet-named columns', () => {
  it.each([
    ['On GPQA Diamond: 82.0 (Google) vs. 75.5 (our run).', 82, 75.5],
    ['Google: 82,0% на GPQA Diamond. Независимая проверка: 75,5%.', 82, 75.5],
    [
      'Google хвалится результатом 82,0% на GPQA Diamond, однако в тестах редакции модель набрала лишь 75,5%.',
      82,
      75.5,
    ],
    [
      'We scored it at 75.5 points on GPQA Diamond, well shy of the 82.0 Google published.',
      82,
      75.5,
    ],
    [
      'The model debuted on GPQA Diamond at 82.0 according to the announcement; the public leaderboard shows 75.5.',
      82,
      75.5,
    ],
    [
      'В анонсе говорится о 82,0% на GPQA Diamond. Мы запустили те же задачи на своём сервере: решено 75,5%.',
      82,
      75.5,
    ],
  ])('GIVEN "%s" THEN the pair', (text, claimed, measured) => {
    const rows = extractDiscrepancies({ title: 'Gemini 2.5 Pro', text })
    expect(rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured])).toEqual([
      ['Gemini 2.5 Pro', 'GPQA Diamond', claimed, measured],
    ])
  })

  it('GIVEN "X matches GPT-4o on MMLU with 85.9%, but we got 80.2%" THEN the row is about X, not the rival', () => {
    const text =
      "The vendor's marketing claims Mistral Large matches GPT-4o on MMLU with 85.9%, but our own evaluation topped out at 80.2%."
    const rows = extractDiscrepancies({ title: 'Mistral Large check', text })
    expect(rows.map((r) => [r.model, r.claimed, r.measured])).toEqual([
      ['Mistral Large', 85.9, 80.2],
    ])
  })

  it('GIVEN a firm claim word in the sentence and the pair across a paragraph break THEN the pair', () => {
    const text =
      'В пресс-релизе компании указано: модель решает 79,4% задач из MATH.\n\nНезависимая проверка дала 71,8%.'
    expect(brief(extractDiscrepancies({ title: 'GigaChat', text }))).toEqual([
      ['GigaChat', 'MATH', 79.4, 71.8, '%', -7.6],
    ])
  })

  it('GIVEN a flattened row whose unknown benchmark name ends in a year THEN the year stays in the name', () => {
    const text = 'Benchmark Reported Reproduced HMMT Feb 2025 92.5 84.4 AIME 2025 93.1 86.0'
    expect(brief(extractDiscrepancies({ title: 'DeepSeek-V3.2', text }))).toEqual([
      ['DeepSeek-V3.2', 'HMMT Feb 2025', 92.5, 84.4, '%', -8.1],
      ['DeepSeek-V3.2', 'AIME 2025', 93.1, 86, '%', -7.1],
    ])
  })

  it('GIVEN a company column beside one the outlet names after itself ("Результат 3DNews") THEN claimed and measured', () => {
    const html =
      '<p>Редакция прогнала модель через тест.</p><table><tr><th>Тест</th><th>Данные Google</th><th>Результат 3DNews</th></tr>' +
      '<tr><td>GPQA Diamond</td><td>91,9 %</td><td>86,0 %</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Gemini 3 Pro', html }))).toEqual([
      ['Gemini 3 Pro', 'GPQA Diamond', 91.9, 86, '%', -5.9],
    ])
  })

  it('GIVEN a launch table with a company column and model columns THEN no rows', () => {
    const html =
      '<table><tr><th>Benchmark</th><th>Google</th><th>Result GPT-5</th></tr><tr><td>GPQA Diamond</td><td>91.9</td><td>88.1</td></tr></table>'
    expect(extractDiscrepancies({ title: 'Gemini 3 Pro launch', html })).toEqual([])
  })
})

describe('extractDiscrepancies on vendor numbers measured in-house and company-named flattened headers', () => {
  it('GIVEN a vendor figure and a rival "at X%", "as measured in its own evaluation" THEN no rows', () => {
    const text =
      'Google reports Gemma 3 at 67.5% on MMLU-Pro, ahead of Mistral Small 3 at 66.0%, as measured in its own evaluation.'
    expect(extractDiscrepancies({ title: 'Gemma 3 launch', text })).toEqual([])
  })

  it('GIVEN a flattened table headed "Данные <company> | Наш замер" with no other claim word THEN rows', () => {
    const text = 'Таблица 1. БенчмаркДанные GoogleНаш замерMMLU-Pro67,5%62,0%GSM8K82,6%77,1%'
    expect(brief(extractDiscrepancies({ title: 'Gemma 3: проверка', text }))).toEqual([
      ['Gemma 3', 'MMLU-Pro', 67.5, 62, '%', -5.5],
      ['Gemma 3', 'GSM8K', 82.6, 77.1, '%', -5.5],
    ])
  })

  it('GIVEN headers "Google | Мы (1 попытка)" THEN claimed and measured columns', () => {
    const text = '| Набор | Google | Мы (1 попытка) |\n|---|---|---|\n| MATH | 89,0 | 83,6 |'
    expect(brief(extractDiscrepancies({ title: 'Gemma 3', text }))).toEqual([
      ['Gemma 3', 'MATH', 89, 83.6, '%', -5.4],
    ])
  })

  it('GIVEN "Model (Company blog)" beside "Model (LMSYS rerun)" THEN the blog column is the claim', () => {
    const html =
      '<table><tr><th>Benchmark</th><th>Qwen2.5-Max (Alibaba blog)</th><th>Qwen2.5-Max (LMSYS rerun)</th></tr>' +
      '<tr><td>Arena-Hard</td><td>89.4</td><td>82.6</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Qwen2.5-Max', html }))).toEqual([
      ['Qwen2.5-Max', 'Arena-Hard', 89.4, 82.6, '%', -6.8],
    ])
  })

  it('GIVEN Russian "писала о X … повторный замер даёт Y" THEN the pair', () => {
    const text = 'Компания писала о 60,7% на MBPP. Повторный замер на свежей версии даёт 55,2%.'
    expect(brief(extractDiscrepancies({ title: 'Mixtral 8x7B', text }))).toEqual([
      ['Mixtral 8x7B', 'MBPP', 60.7, 55.2, '%', -5.5],
    ])
  })
})

describe('extractDiscrepancies with the learned role model (wording outside the cue words)', () => {
  const rowsOf = (title: string, text: string, options = {}) =>
    extractDiscrepancies({ title, text }, options).map((r) => [
      r.model,
      r.benchmark,
      r.claimed,
      r.measured,
    ])

  it('GIVEN a measurement worded with no cue word THEN the row, which cue words alone miss', () => {
    const title = 'Qwen3-235B math score'
    const text =
      'Alibaba claimed 81.5% on AIME 2024 for Qwen3-235B. When a university group ran it on the ' +
      'same problems, the model hit 74.2%.'
    expect(rowsOf(title, text)).toEqual([['Qwen3-235B', 'AIME 2024', 81.5, 74.2]])
    expect(rowsOf(title, text, { roleFallback: null })).toEqual([])
  })

  it('GIVEN the same in Russian THEN the row', () => {
    const title = 'Phi-4 на MATH'
    const text =
      'Microsoft заявила 80,4% на MATH для Phi-4. Когда студенты из Казани взяли ту же выборку, ' +
      'модель набрала 71,5%.'
    expect(rowsOf(title, text)).toEqual([['Phi-4', 'MATH', 80.4, 71.5]])
    expect(rowsOf(title, text, { roleFallback: null })).toEqual([])
  })

  it('GIVEN a vendor figure set against a rival model or a sibling model THEN no rows', () => {
    expect(
      rowsOf(
        'YandexGPT 5 vs GPT-4o',
        'Яндекс заявил, что YandexGPT 5 обходит GPT-4o на MERA: 0,71 против 0,65.'
      )
    ).toEqual([])
    expect(
      rowsOf(
        'Grok 3 on AIME',
        'xAI claimed 93.3% on AIME 2025 for Grok 3, and Grok 3 mini reached 90.8% on the same test.'
      )
    ).toEqual([])
  })

  it('GIVEN a passage with no claim or measurement word at all THEN no rows', () => {
    expect(
      rowsOf(
        'Mistral Small 3.1 released',
        'Mistral Small 3.1 scores 80.6% on MMLU and 88.4% on HumanEval. It runs on one GPU.'
      )
    ).toEqual([])
  })

  it('GIVEN figures the cue words already place THEN the same rows with and without the model', () => {
    const text =
      'Meta claimed 86.5% on MMLU, but independent tests found 71.2%. The same run took 3.5 hours ' +
      'and scored 64.0% on GPQA Diamond, which Meta never reported.'
    const withModel = rowsOf('Llama 4 scores inflated', text)
    expect(withModel).toEqual([['Llama 4', 'MMLU', 86.5, 71.2]])
    expect(rowsOf('Llama 4 scores inflated', text, { roleFallback: null })).toEqual(withModel)
    expect(
      brief(extractDiscrepancies({ title: seedTitle, html: seedHtml }, { roleFallback: null }))
    ).toEqual(SEED_ROWS)
  })

  it('GIVEN the eval passages THEN the committed model is what npm run train:extract makes of them', async () => {
    const { readPassages, trainingPassages, trainRoleModel } =
      await import('../../scripts/train-extract.js')
    const passages = readPassages(new URL('../../data/extract/passages.jsonl', import.meta.url))
    const committed = readFileSync(
      new URL('../../src/core/extract/role-model.json', import.meta.url),
      'utf8'
    )
    expect(`${JSON.stringify(trainRoleModel(trainingPassages(passages)))}\n`).toBe(committed)
  })
})

describe('extractDiscrepancies on the families blind batch l missed', () => {
  it('GIVEN a two-row header (model over "Google | Our reproduction", rowspan label) THEN the pairs for that model', () => {
    const html =
      '<table><thead><tr><th rowspan="2">Benchmark</th><th colspan="2">Gemini 2.5 Pro (thinking)</th></tr>' +
      '<tr><th>Google†</th><th>Our reproduction‡</th></tr></thead><tbody>' +
      '<tr><td>GPQA Diamond</td><td>84.0%</td><td>79.5%*</td></tr>' +
      '<tr><td>AIME 2025</td><td>86.7%<sup>§</sup></td><td>80.1%</td></tr></tbody>' +
      '<tfoot><tr><td colspan="3">† single attempt. ‡ three runs averaged.</td></tr></tfoot></table>'
    expect(brief(extractDiscrepancies({ title: 'Checking Gemini', html }))).toEqual([
      ['Gemini 2.5 Pro', 'GPQA Diamond', 84, 79.5, '%', -4.5],
      ['Gemini 2.5 Pro', 'AIME 2025', 86.7, 80.1, '%', -6.6],
    ])
  })

  it('GIVEN a two-row header whose vendor column spans another model than ours THEN no rows', () => {
    const html =
      '<table><thead><tr><th rowspan="2">Benchmark</th><th>GPT-4.1</th><th>Gemini 2.5 Pro</th></tr>' +
      '<tr><th>OpenAI</th><th>Our run</th></tr></thead><tbody>' +
      '<tr><td>GPQA Diamond</td><td>66.3%</td><td>80.2%</td></tr></tbody></table>'
    expect(extractDiscrepancies({ title: 'Two models', html })).toEqual([])
  })

  it('GIVEN a table flattened with " · " cells and " — " rows under "Google figure · Our run" THEN the rows for the item\'s model, not the rival named last', () => {
    const text =
      'Google pitched Gemini 2.5 Flash as a match for o4-mini. Our numbers: Benchmark · Google figure · Our run — ' +
      'LiveCodeBench · 63.9% · 57.0% — AIME 2025 · 78.0% · 71.4% — all with thinking on.'
    expect(brief(extractDiscrepancies({ title: 'Gemini 2.5 Flash, measured', text }))).toEqual([
      ['Gemini 2.5 Flash', 'LiveCodeBench', 63.9, 57, '%', -6.9],
      ['Gemini 2.5 Flash', 'AIME 2025', 78, 71.4, '%', -6.6],
    ])
  })

  it('GIVEN Russian headers "Результат <outlet> | Данные производителя | Примечание" THEN the outlet column is measured', () => {
    const html =
      '<p>Проверили Qwen3-32B на своём стенде.</p><table><tr><th>Тест</th><th>Результат iXBT</th>' +
      '<th>Данные производителя</th><th>Примечание</th></tr>' +
      '<tr><td>AIME 2024</td><td>74,0</td><td>81,4</td><td>0-shot, 64 попытки</td></tr>' +
      '<tr><td>LiveCodeBench</td><td>58,2</td><td>65,7</td><td>контекст 32768</td></tr></table>'
    expect(brief(extractDiscrepancies({ title: 'Qwen3-32B в тестах', html }))).toEqual([
      ['Qwen3-32B', 'AIME 2024', 81.4, 74, '%', -7.4],
      ['Qwen3-32B', 'LiveCodeBench', 65.7, 58.2, '%', -7.5],
    ])
  })

  it('GIVEN "label a / b" pairs with a legend after them (ru, en, arrows) THEN the pairs in the legend\'s order', () => {
    const ru =
      'Кратко о DeepSeek-R1. AIME 2024 — 79,8 / 71,5; MATH-500 — 97,3 / 95,0 (первое число — от DeepSeek, второе — наш прогон).'
    expect(brief(extractDiscrepancies({ title: 'DeepSeek-R1: перепроверка', text: ru }))).toEqual([
      ['DeepSeek-R1', 'AIME 2024', 79.8, 71.5, '%', -8.3],
      ['DeepSeek-R1', 'MATH-500', 97.3, 95, '%', -2.3],
    ])
    const en =
      "Short notes on DeepSeek-R1. AIME 2024: 71.5 / 79.8; MATH-500: 95.0 / 97.3 (first figure is ours, second the vendor's)."
    expect(brief(extractDiscrepancies({ title: 'DeepSeek-R1 re-checked', text: en }))).toEqual([
      ['DeepSeek-R1', 'AIME 2024', 79.8, 71.5, '%', -8.3],
      ['DeepSeek-R1', 'MATH-500', 97.3, 95, '%', -2.3],
    ])
    const arrows = 'DeepSeek-R1: AIME 2024 79,8 → 71,5, MATH-500 97,3 → 95,0 (заявлено → измерено).'
    expect(brief(extractDiscrepancies({ title: 'DeepSeek-R1', text: arrows }))).toHaveLength(2)
  })

  it('GIVEN a legend naming two vendors or two models THEN no rows', () => {
    const text =
      "Gemini 2.5 Pro vs GPT-4.1: GPQA Diamond 84.0 / 66.3; AIME 2025 86.7 / 48.1 (first figure is Google's, second OpenAI's)."
    expect(extractDiscrepancies({ title: 'Gemini 2.5 Pro', text })).toEqual([])
  })

  it('GIVEN a sampling setting between the claim and the re-run ("temperature of 0.7") THEN it is not read as a score', () => {
    const text =
      'The Phi-4 report lists 80.4% on MATH. Using a temperature of 0.7 and top-p 0.9, we got 74.6% on MATH.'
    expect(brief(extractDiscrepancies({ title: 'Phi-4 re-run', text }))).toEqual([
      ['Phi-4', 'MATH', 80.4, 74.6, '%', -5.8],
    ])
  })

  it('GIVEN prose worded "on paper / на бумаге", "highlighted", "settled at" THEN the pairs', () => {
    const ru = 'На бумаге DeepSeek-V3 выдаёт 80,6% на MMLU, в наших прогонах — 73,9%.'
    expect(brief(extractDiscrepancies({ title: 'DeepSeek-V3', text: ru }))).toEqual([
      ['DeepSeek-V3', 'MMLU', 80.6, 73.9, '%', -6.7],
    ])
    const en =
      'At launch, Google highlighted an LMArena rating of 1380 for Gemini 2.5 Pro. Once the public model was listed, its rating settled at 1351.'
    expect(brief(extractDiscrepancies({ title: 'Gemini 2.5 Pro, later', text: en }))).toEqual([
      ['Gemini 2.5 Pro', 'LMArena', 1380, 1351, 'elo', -29],
    ])
  })

  it('GIVEN a human baseline beside the claim and the measurement THEN it is neither side', () => {
    const text =
      'OpenAI highlighted 87.5% for o3 on ARC-AGI. The ARC Prize Foundation now reports 53% for the public model; it says a typical human panel solves about 76% of these tasks.'
    expect(brief(extractDiscrepancies({ title: 'o3 on ARC-AGI', text }))).toEqual([
      ['o3', 'ARC-AGI', 87.5, 53, '%', -34.5],
    ])
  })

  it('GIVEN a table header naming the family while the title names the variant THEN the variant', () => {
    const text =
      '| Benchmark | Llama blog | My run |\n|---|---|---|\n| MMLU-Pro | 80.5 | 74.9 |\n| GPQA Diamond | 69.8 | 63.0 |'
    const rows = extractDiscrepancies({ title: 'Re-running Llama 4 Maverick at home', text })
    expect(rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured])).toEqual([
      ['Llama 4 Maverick', 'MMLU-Pro', 80.5, 74.9],
      ['Llama 4 Maverick', 'GPQA Diamond', 69.8, 63],
    ])
  })
})

describe('extractDiscrepancies on bad input', () => {
  it('GIVEN empty, whitespace or markup-only input THEN no rows and no error', () => {
    expect(extractDiscrepancies({})).toEqual([])
    expect(extractDiscrepancies({ text: '   ' })).toEqual([])
    expect(
      extractDiscrepancies({ html: '<table><tr><td></td></tr></table><p>claimed measured</p>' })
    ).toEqual([])
    expect(
      extractDiscrepancies({ html: '<table><tr><th>Claimed<th>Measured<tr><td>MMLU<td>86.5' })
    ).toEqual([])
  })

  it('GIVEN no model anywhere THEN the row is kept with an empty model and lower confidence', () => {
    const [row] = extractDiscrepancies({
      text: 'The company claimed 86.5% on MMLU, but independent tests found 71.2%.',
    })
    expect(row).toMatchObject({ model: '', benchmark: 'MMLU', claimed: 86.5, measured: 71.2 })
    expect(row!.confidence).toBeLessThan(0.6)
  })
})

describe('parseCellScore and splitSentences', () => {
  it.each([
    ['86.5%*', 86.5, '%'],
    ['86,5 %', 86.5, '%'],
    ['−15.3', -15.3, undefined],
    ['1 290 Elo', 1290, 'elo'],
    ['71.2 ± 0.4', 71.2, undefined],
  ])('GIVEN cell %s THEN %s', (cell, value, unit) => {
    expect(parseCellScore(cell)).toEqual(unit ? { value, unit } : { value })
  })

  it('GIVEN abbreviations and decimals THEN sentences split only at real ends', () => {
    expect(
      splitSentences('Dr. Smith found 71.2%, e.g. on MMLU. Т. е. на 15,3 меньше. Next one.')
    ).toEqual(['Dr. Smith found 71.2%, e.g. on MMLU.', 'Т. е. на 15,3 меньше.', 'Next one.'])
  })
})

describe('blind batch p families (issue #5, round 5)', () => {
  const pairs = (rows: DiscrepancyRow[]) =>
    rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured])

  it.each([
    [
      'Mistral Small 3.1 under the microscope',
      'Mistral says Mistral Small 3.1 reaches 80.6% on MMLU. Independent tests of Mistral Small 3.1 found 74.2%.',
      [['Mistral Small 3.1', 'MMLU', 80.6, 74.2]],
    ],
    [
      'A second look at Zephyr',
      'Zephyr 2.5 Pro: the vendor claimed 81.0% on MMLU, our tests measured 75.5%.',
      [['Zephyr 2.5 Pro', 'MMLU', 81, 75.5]],
    ],
    [
      'Foo-2.5 Pro checked',
      'Заявлено 81,0% на MMLU, но независимая проверка Foo-2.5 Pro дала 75,5%.',
      [['Foo-2.5 Pro', 'MMLU', 81, 75.5]],
    ],
  ])(
    'GIVEN a model name outside the alias tables (%s) THEN its version is never a score',
    (title, text, expected) => {
      expect(pairs(extractDiscrepancies({ title, text }))).toEqual(expected)
    }
  )
})

describe('blind batch p: glued Russian header words', () => {
  it('GIVEN a flattened Russian table whose header words are glued and a check word before it THEN the columns keep their order', () => {
    const rows = extractDiscrepancies({
      title: 'Phi-4 под лупой',
      text: 'Microsoft обещает многое. Мы перепроверили. ТестЗаявленоИзмереноРазницаMMLU80,1%75,0%-5,1%HumanEval70,2%66,0%-4,2%',
    })
    expect(rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured])).toEqual([
      ['Phi-4', 'MMLU', 80.1, 75],
      ['Phi-4', 'HumanEval', 70.2, 66],
    ])
  })
})

describe('blind batch p: variants that share an alias id', () => {
  it("GIVEN a two-row header with two variants the tables group under one id THEN each claim pairs with its own variant's measurement", () => {
    const rows = extractDiscrepancies({
      title: 'Две версии YandexGPT на нашем стенде',
      html:
        '<table><tr><th rowspan="2">Бенчмарк</th><th colspan="2">YandexGPT 5 Lite</th><th colspan="2">YandexGPT 5 Pro</th></tr>' +
        '<tr><th>заявлено</th><th>наш замер</th><th>заявлено</th><th>наш замер</th></tr>' +
        '<tr><td>HumanEval</td><td>61,2</td><td>55,0</td><td>72,4</td><td>69,9</td></tr></table>',
    })
    expect(rows.map((r) => [r.benchmark, r.claimed, r.measured])).toEqual([
      ['HumanEval', 61.2, 55],
      ['HumanEval', 72.4, 69.9],
    ])
  })
})

describe('blind batch p: benchmarks written as labels', () => {
  it('GIVEN "Bench: claimed a · measured b · Bench2: …" on one line THEN each pair stays with the label before it', () => {
    const rows = extractDiscrepancies({
      title: 'DeepSeek-V3: сверка цифр',
      text: 'DeepSeek-V3 · MMLU-Pro: заявлено 75,9 · получено 71,3 · GSM8K: заявлено 90,2 · получено 84,0',
    })
    expect(rows.map((r) => [r.benchmark, r.claimed, r.measured])).toEqual([
      ['MMLU-Pro', 75.9, 71.3],
      ['GSM8K', 90.2, 84],
    ])
  })
})
