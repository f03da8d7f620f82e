import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pngSize } from '../../src/render/chart-png.js'
import { openStore } from '../../src/store/open-store.js'
import { FIXTURE_FEEDS, ingestFixtureFiles } from '../helpers/fixtures-store.js'
import { runCli } from '../helpers/cli.js'

// One database file with the seed fixture, shared by every spawned `benchwatch ask`.
let dir: string
let env: Record<string, string>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-ask-'))
  const db = join(dir, 'bw.db')
  const fileStore = await openStore(`sqlite:${db}`)
  await ingestFixtureFiles(fileStore, [FIXTURE_FEEDS.seed], new Date())
  await fileStore.close()
  env = { DATABASE_URL: `sqlite:${db}`, LOG_LEVEL: 'warn', POLL_CRON: '0 0 1 1 *' }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('benchwatch ask', () => {
  it('GIVEN "/table Llama 4" THEN the reply is printed as plain text with the three rows', async () => {
    const { code, stdout, stderr } = await runCli(['ask', '/table Llama 4'], { env })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain('# Llama 4: claimed vs measured')
    expect(stdout).toMatch(/MMLU\s+\|\s+86\.5%\s+\|\s+71\.2%\s+\|\s+−15\.3/)
    expect(stdout).toMatch(/GSM8K\s+\|\s+92\.1%\s+\|\s+78\.8%\s+\|\s+−13\.3/)
    expect(stdout).toMatch(/HumanEval\s+\|\s+74\.3%\s+\|\s+62\.9%\s+\|\s+−11\.4/)
  })

  it('GIVEN --lang ru and --out DIR THEN the answer is Russian and the chart PNG is written', async () => {
    const out = join(dir, 'charts')
    const { code, stdout, stderr } = await runCli(
      ['ask', '--lang', 'ru', '--out', out, '/table Llama 4'],
      { env }
    )
    expect(code).toBe(0)
    expect(stdout).toMatch(/MMLU\s+\|\s+86,5\u00a0%/)
    expect(stdout).toContain('[image: Llama 4: заявленные и измеренные результаты по бенчмаркам]')
    expect(stderr).toContain(join(out, 'llama-4-table.png'))
    expect(pngSize(readFileSync(join(out, 'llama-4-table.png')))?.width).toBe(880)
  })

  // Spawning costs seconds each on a loaded machine: a few runs cover the flags.
  it('GIVEN --chat of another chat THEN the caller is not an admin unless --admin says so', async () => {
    const refused = await runCli(['ask', '--chat', 'telegram:42', '/subscribe controversies'], {
      env,
    })
    expect(refused.stdout.trim()).toBe('Only chat admins can use /subscribe.')
    const allowed = await runCli(
      ['ask', '--chat', 'telegram:42', '--admin', '/subscribe controversies'],
      { env }
    )
    expect(allowed.stdout).toMatch(/^Subscribed this chat to benchmark controversies \(realtime\)/)
  })

  it('GIVEN a bad --lang THEN the exit code is 2 and stderr says why', async () => {
    const badLang = await runCli(['ask', '--lang', 'de', '/news'], { env })
    expect(badLang.code).toBe(2)
    expect(badLang.stderr).toContain('--lang expects en or ru')
  })
})
