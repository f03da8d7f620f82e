import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, runCli } from '../helpers/cli.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-cli-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('benchwatch CLI', () => {
  it('GIVEN an unknown subcommand THEN usage on stderr and exit 2', async () => {
    const r = await runCli(['frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command "frobnicate"')
    expect(r.stderr).toContain('Usage: benchwatch <command>')
  })

  it('GIVEN --help on a subcommand THEN its usage and exit 0', async () => {
    const r = await runCli(['run', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: benchwatch run')
  })

  it('GIVEN DATABASE_URL=nonsense THEN exit 1 naming DATABASE_URL, no stack trace', async () => {
    const r = await runCli(['run'], { env: { DATABASE_URL: 'nonsense' }, cwd: tempDir() })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('DATABASE_URL: expected sqlite:PATH or postgres://')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('GIVEN an unreachable PostgreSQL THEN exit 1 with one clear line', async () => {
    const r = await runCli(['migrate'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }, cwd: tempDir() })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:1/test')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('GIVEN a fresh folder THEN `ask /help` creates data/benchwatch.db and lists the commands', async () => {
    const cwd = tempDir()
    const r = await runCli(['ask', '/help'], { cwd })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('/help')
    expect(existsSync(join(cwd, 'data', 'benchwatch.db'))).toBe(true)
  })

  it('GIVEN feeds add --force, list and remove THEN the feed comes and goes', async () => {
    const env = { DATABASE_URL: `sqlite:${join(tempDir(), 'bw.db')}` }
    // --force adds without fetching (autodiscovery over loopback is tested in ingest.test.ts).
    const added = await runCli(['feeds', 'add', 'https://example.org/feed.xml', '--force'], { env })
    expect(added.code).toBe(0)
    const id = /added (\S+)/.exec(added.stdout)?.[1]
    expect(id).toBeTruthy()
    expect((await runCli(['feeds', 'list'], { env })).stdout).toContain('https://example.org/feed.xml')
    expect((await runCli(['feeds', 'remove', id!], { env })).code).toBe(0)
    const again = await runCli(['feeds', 'remove', id!], { env })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(`no feed with id ${id}`)
  })

  it('GIVEN `benchwatch run` THEN /healthz answers and SIGTERM stops it cleanly', async () => {
    const cwd = tempDir()
    const child = spawn(process.execPath, [BIN, 'run'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info', FEEDS_FILE: '', POLL_CRON: '0 0 1 1 *' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line:\n${out}`)), 15_000)
      const check = setInterval(() => {
        const m = /"port":(\d+)/.exec(out)
        if (m) {
          clearInterval(check)
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      }, 50)
    })
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
    expect((await ready.json()) as object).toMatchObject({ checks: { database: true } })
    const started = Date.now()
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(out).toContain('stopped')
    expect(existsSync(join(cwd, 'data', 'benchwatch.db'))).toBe(true)
  })
})
