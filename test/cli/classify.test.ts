import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import classifyCommand from '../../src/adapters/cli/subcommands/classify.js'

const seedItems = [
  {
    id: 'ai-manual-2026-01-02-llama4',
    title: 'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
    summary:
      'По утёкшей стенограмме внутренней встречи, команда бенчмаркинга Llama 4 подгоняла тесты под известные ответы: заявленные результаты оказались выше реальных на 15–20%.',
  },
  {
    id: 'ai-manual-2026-01-01-glm47',
    title: 'GLM-4.7 признана лучшей открытой моделью по независимым тестам',
    summary:
      'Независимые оценки ставят GLM-4.7 от Zhipu AI на первое место среди открытых моделей.',
  },
  {
    id: 'ai-manual-2025-12-30-local-llm',
    title: 'Как запустить локальную LLM на ноутбуке: пошаговое руководство',
    summary: 'Разбираем, какие модели помещаются в 16 ГБ памяти и как настроить инференс.',
  },
]

function parseLines(out: string): Record<string, unknown>[] {
  return out.trim()
    ? out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : []
}

async function runClassify(input: string | string[], args: string[] = []) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk) => (out += chunk))
  stderr.on('data', (chunk) => (err += chunk))
  const code = await classifyCommand.run(args, {
    stdin: Readable.from(Array.isArray(input) ? input : [input]),
    stdout,
    stderr,
    env: {},
    isTty: false,
  })
  return { code, lines: parseLines(out), err }
}

describe('benchwatch classify', () => {
  it('GIVEN the seed feed items THEN one verdict line each, in order', async () => {
    const { code, lines } = await runClassify(seedItems.map((i) => JSON.stringify(i)).join('\n'))
    expect(code).toBe(0)
    expect(lines.map((l) => [l.id, l.label, l.lang])).toEqual([
      ['ai-manual-2026-01-02-llama4', 'controversy', 'ru'],
      ['ai-manual-2026-01-01-glm47', 'not', 'ru'],
      ['ai-manual-2025-12-30-local-llm', 'not', 'ru'],
    ])
    const [scandal] = lines
    expect(Object.keys(scandal!).sort()).toEqual([
      'id',
      'label',
      'lang',
      'reasons',
      'score',
      'tags',
    ])
    expect(scandal!.score as number).toBeGreaterThan(0.5)
    expect((scandal!.tags as string[]).length).toBeGreaterThan(0)
    expect((scandal!.reasons as string[]).join(' ')).toMatch(/завыш|подгон|утек/)
  })

  it('GIVEN bad lines between good ones THEN an error line for each and the run goes on', async () => {
    const input = [
      JSON.stringify({ id: 1, title: 'Independent tests fail to reproduce the MMLU score' }),
      '{not json',
      JSON.stringify({ id: 'no-title', summary: 'x' }),
      JSON.stringify({ title: 'no id' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ id: 'bad-summary', title: 't', summary: 42 }),
      JSON.stringify({ id: 'huge', title: 'x'.repeat(1_000_001) }),
      '',
      JSON.stringify({ id: 'last', title: 'Nvidia reports record revenue', summary: null }),
    ]
    const { code, lines } = await runClassify(input.join('\n'))
    expect(code).toBe(1)
    expect(lines).toEqual([
      expect.objectContaining({ id: 1, label: 'controversy' }),
      { line: 2, error: expect.stringMatching(/^not JSON/) },
      { id: 'no-title', error: 'missing "title" (a string)' },
      { line: 4, error: 'missing "id" (a string or number)' },
      { line: 5, error: 'expected a JSON object' },
      { id: 'bad-summary', error: '"summary" must be a string' },
      { line: 7, error: 'line longer than 1000000 characters' },
      expect.objectContaining({ id: 'last', label: 'not' }),
    ])
  })

  it('GIVEN --full THEN adds model version and entities', async () => {
    const { lines } = await runClassify(JSON.stringify(seedItems[1]), ['--full'])
    expect(lines[0]).toMatchObject({
      modelVersion: expect.stringMatching(/^lr-/),
      entities: expect.arrayContaining([
        { kind: 'model', id: 'glm-4.7', name: 'GLM-4.7', surface: 'GLM-4.7' },
      ]),
    })
  })

  it('GIVEN an unknown flag THEN usage error 2', async () => {
    const { code, err } = await runClassify('', ['--nope'])
    expect(code).toBe(2)
    expect(err).toMatch(/unknown argument --nope/)
  })

  it('GIVEN input arriving in chunks THEN each line is answered as it completes', async () => {
    const whole = seedItems.map((i) => JSON.stringify(i)).join('\n')
    const chunks = [whole.slice(0, 37), whole.slice(37, 300), whole.slice(300)]
    const { lines } = await runClassify(chunks)
    expect(lines.map((l) => l.id)).toEqual(seedItems.map((i) => i.id))
  })

  const cli = new URL('../../bin/benchwatch.js', import.meta.url)
  const entry = new URL('../../src/adapters/cli/index.ts', import.meta.url)
  it.skipIf(!existsSync(entry))(
    'GIVEN the real binary THEN streams verdicts over stdin/stdout',
    async () => {
      const child = spawn(process.execPath, [cli.pathname, 'classify'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      child.stdin.end(`${seedItems.map((i) => JSON.stringify(i)).join('\n')}\n{oops\n`)
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      const lines = parseLines(out)
      expect(lines.map((l) => l.label ?? l.error)).toEqual([
        'controversy',
        'not',
        'not',
        expect.stringMatching(/^not JSON/),
      ])
      expect(code).toBe(1)
    }
  )
})
