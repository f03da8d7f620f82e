import { readFileSync } from 'node:fs'
import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import extract from '../../src/adapters/cli/subcommands/extract.js'

const rss = readFileSync(new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url), 'utf8')
const seedHtml = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]>/.exec(rss)![1]!

async function runExtract(input: string, args: string[] = []) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk) => (out += chunk))
  stderr.on('data', (chunk) => (err += chunk))
  const code = await extract.run(args, {
    stdin: Readable.from([input]),
    stdout,
    stderr,
    env: {},
    isTty: false,
  })
  return {
    code,
    lines: out.trim()
      ? out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown)
      : [],
    err,
  }
}

describe('benchwatch extract', () => {
  it('GIVEN the seed item as HTML and prose lines THEN one rows line each, in order', async () => {
    const input = [
      JSON.stringify({ id: 'seed', title: 'Скандал с бенчмарками Llama 4', text: seedHtml }),
      JSON.stringify({
        id: 2,
        text: 'Meta claimed 86.5% on MMLU for Llama 4, but independent tests found 71.2%.',
      }),
      JSON.stringify({ id: 'none', title: 'Launch', text: 'Llama 4 scores 86.5% on MMLU.' }),
    ].join('\n')
    const { code, lines } = await runExtract(input)
    expect(code).toBe(0)
    expect(lines).toEqual([
      {
        id: 'seed',
        rows: [
          { model: 'Llama 4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2, unit: '%' },
          { model: 'Llama 4', benchmark: 'GSM8K', claimed: 92.1, measured: 78.8, unit: '%' },
          { model: 'Llama 4', benchmark: 'HumanEval', claimed: 74.3, measured: 62.9, unit: '%' },
        ],
      },
      {
        id: 2,
        rows: [{ model: 'Llama 4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2, unit: '%' }],
      },
      { id: 'none', rows: [] },
    ])
  })

  it('GIVEN bad lines among good ones THEN each bad line is reported and the run goes on', async () => {
    const good = JSON.stringify({
      id: 'ok',
      text: 'Meta claimed 86.5% on MMLU for Llama 4, but independent tests found 71.2%.',
    })
    const input = [
      '{not json',
      '',
      '[1,2]',
      JSON.stringify({ id: 'x' }),
      JSON.stringify({ text: 'no id' }),
      JSON.stringify({ id: 'y', text: 'a', title: 5 }),
      good,
    ].join('\r\n')
    const { code, lines } = await runExtract(input)
    expect(code).toBe(1)
    expect(lines).toEqual([
      { line: 1, error: expect.stringContaining('not JSON') },
      { line: 3, error: 'expected a JSON object' },
      { id: 'x', error: 'missing "text" (a string)' },
      { line: 5, error: 'missing "id" (a string or number)' },
      { id: 'y', error: '"title" must be a string' },
      {
        id: 'ok',
        rows: [{ model: 'Llama 4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2, unit: '%' }],
      },
    ])
  })

  it('GIVEN --full THEN rows carry delta, confidence and snippet', async () => {
    const { lines } = await runExtract(
      JSON.stringify({ id: 1, title: 'Llama 4', text: seedHtml }),
      ['--full']
    )
    expect((lines[0] as { rows: unknown[] }).rows[0]).toMatchObject({
      delta: -15.3,
      confidence: expect.any(Number),
      snippet: expect.stringContaining('MMLU'),
    })
  })

  it('GIVEN empty input THEN no output and exit 0; an unknown option THEN usage and exit 2', async () => {
    expect(await runExtract('')).toEqual({ code: 0, lines: [], err: '' })
    const bad = await runExtract('', ['--nope'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('usage: benchwatch extract')
  })
})
