import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'

describe('service HTTP endpoints', () => {
  let app: App
  let base: string
  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent' })
    app = await createApp(config, pino({ level: 'silent' }))
    // Only the HTTP server: these tests are about the endpoints, not the components.
    const port = await app.http.listen(0, '127.0.0.1')
    base = `http://127.0.0.1:${port}`
  })
  afterAll(async () => {
    await app.http.close()
    await app.store.close()
  })

  it('GIVEN GET /healthz THEN 200 ok', async () => {
    const r = await fetch(`${base}/healthz`)
    expect(r.status).toBe(200)
  })

  it('GIVEN GET /readyz with the database up THEN 200 with the database check', async () => {
    const r = await fetch(`${base}/readyz`)
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ status: 'ready', checks: { database: true } })
  })

  it('GIVEN a command ran THEN /metrics shows its latency and the outbox gauge', async () => {
    await app.run({ name: 'help', options: {}, chat: 'cli:local', user: { id: 'u', isAdmin: true } })
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).toContain('benchwatch_command_seconds_count{command="help",outcome="ok"} 1')
    expect(text).toContain('benchwatch_deliveries{status="pending"} 0')
    expect(text).toContain('benchwatch_nodejs_eventloop_lag_seconds')
  })

  it('GIVEN an unknown path or method THEN 404 / 405', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404)
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405)
  })
})
