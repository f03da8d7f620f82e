import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The shared conformance corpus (143 feeds with other parsers' expected results) lives beside the
// repository and must never be copied into it. Its own harness runs our parser in-process through
// test/helpers/peer-feeds-module.mjs, so this test compares exactly what the harness compares.
const REPO = fileURLToPath(new URL('../..', import.meta.url))
const CORPUS = join(REPO, '..', 'shared', 'peer-feeds')
const HARNESS = join(CORPUS, 'run.mjs')
const MODULE = join(REPO, 'test', 'helpers', 'peer-feeds-module.mjs')
/** What the parser reached (all of them); see docs/feed-parsing.md. */
const MIN_PASSED = 143

interface HarnessResult {
  file: string
  ok: boolean
  problems: string[]
}

const available = existsSync(HARNESS)
if (!available) console.warn(`peer-feeds corpus not found at ${CORPUS}: corpus test skipped`)

describe.skipIf(!available)('peer feed corpus (../shared/peer-feeds)', () => {
  it(`GIVEN the 143 peer feeds THEN at least ${MIN_PASSED} parse as the peers expect`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peer-feeds-'))
    const jsonPath = join(dir, 'results.json')
    try {
      const stdout = await new Promise<string>((resolve) => {
        execFile(
          process.execPath,
          [
            '--import',
            'tsx',
            HARNESS,
            '--quiet',
            '--timeout',
            '15000',
            '--json',
            jsonPath,
            '--module',
            MODULE,
          ],
          { cwd: REPO, timeout: 60_000, maxBuffer: 10 * 1024 * 1024 },
          // the harness exits 1 whenever any feed fails; the count is what we judge
          (_error, out) => resolve(String(out))
        )
      })
      const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as HarnessResult[]
      const failures = results
        .filter((r) => !r.ok)
        .map((r) => `${r.file}: ${r.problems.join('; ')}`)
      const passed = results.length - failures.length
      expect(stdout).toContain(`${passed} passed`)
      expect(results.length).toBe(143)
      expect(passed, `failing feeds:\n${failures.join('\n')}`).toBeGreaterThanOrEqual(MIN_PASSED)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // about 2–4 s; the margin is for a machine busy with other test runs
  }, 60_000)
})
