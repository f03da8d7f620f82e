import type pg from 'pg'
import type { Component } from '../app.js'
import type { Logger } from '../log.js'
import type { Db } from '../store/dialect.js'
import { loadPg, postgresConnection } from '../store/postgres.js'

/**
 * Who may run the singleton jobs (the poller, Telegram long polling) when several instances share
 * one PostgreSQL database. Leadership is a PostgreSQL session advisory lock held on a connection
 * of its own: when the leader dies its connection drops, the server releases the lock, and the
 * next instance that tries takes it — no home-made coordination. On SQLite (one machine) the
 * single process always leads.
 */
export interface Leadership extends Component {
  isLeader(): boolean
  /** Called with true when this instance becomes leader, false when it loses leadership. */
  onChange(listener: (leader: boolean) => void): void
}

/** The advisory-lock key; any constant shared by all instances of one installation. */
export const LEADER_LOCK_KEY = 0x62656e6368 // "bench"

export function createLeadership(
  db: Db,
  options: { log: Logger; retryMs?: number; lockKey?: number }
): Leadership {
  const listeners: ((leader: boolean) => void)[] = []
  let leader = false
  const set = (value: boolean) => {
    if (value === leader) return
    leader = value
    options.log.info({ leader }, leader ? 'this instance is now the leader' : 'this instance lost leadership')
    for (const l of listeners) l(value)
  }

  if (db.dialect === 'sqlite') {
    return {
      name: 'leadership',
      isLeader: () => leader,
      onChange: (l) => void listeners.push(l),
      async start() {
        set(true)
      },
      async stop() {
        set(false)
      },
    }
  }

  const retryMs = options.retryMs ?? 5000
  const key = options.lockKey ?? LEADER_LOCK_KEY
  let client: pg.Client | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  // The lock is per installation: the schema in the URL is part of the lock key below, so
  // instances in different schemas never block each other.
  const connectionUrl = () => postgresConnection(db.url!)

  async function attempt(): Promise<void> {
    if (stopped) return
    try {
      if (!client) {
        const c = new (loadPg().Client)({ ...connectionUrl(), connectionTimeoutMillis: 5000, keepAlive: true })
        c.on('error', () => {
          client = undefined
          set(false)
        })
        c.on('end', () => {
          if (client === c) client = undefined
          set(false)
        })
        await c.connect()
        client = c
      }
      if (leader) {
        await client.query('select 1')
      } else {
        const r = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1::int, hashtext(current_schema())) as ok',
          [key & 0x7fffffff]
        )
        set(r.rows[0]!.ok)
      }
    } catch (error) {
      options.log.warn({ err: (error as Error).message }, 'leadership check failed')
      await client?.end().catch(() => {})
      client = undefined
      set(false)
    }
  }

  return {
    name: 'leadership',
    isLeader: () => leader,
    onChange: (l) => void listeners.push(l),
    ready: () => client !== undefined,
    async start() {
      stopped = false
      await attempt()
      const loop = async () => {
        await attempt()
        if (!stopped) timer = setTimeout(() => void loop(), retryMs)
      }
      timer = setTimeout(() => void loop(), retryMs)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      const c = client
      client = undefined
      set(false)
      await c?.end().catch(() => {})
    },
  }
}

/**
 * Runs a component only while this instance leads: started when leadership is gained, stopped
 * when it is lost or the app stops. A failure to start at boot is thrown (the service exits with
 * the reason); a failure on a later takeover is logged and retried at the next change.
 */
export function leaderOnly<C extends Component>(inner: C, leadership: Leadership, log: Logger): Component {
  let running = false
  let chain: Promise<void> = Promise.resolve()
  const serialised = (want: boolean): Promise<void> => {
    const next = chain.then(async () => {
      if (want === running) return
      if (want) await inner.start()
      else await inner.stop()
      running = want
      log.info({ component: inner.name, running }, want ? 'started as leader' : 'stopped (not leader)')
    })
    chain = next.catch(() => {})
    return next
  }
  leadership.onChange((want) => {
    serialised(want).catch((error: unknown) =>
      log.error({ component: inner.name, err: (error as Error).message }, 'leader-only toggle failed')
    )
  })
  return {
    name: inner.name,
    ready: () => (running ? (inner.ready?.() ?? true) : true),
    async start() {
      if (leadership.isLeader()) await serialised(true)
    },
    async stop() {
      await serialised(false)
    },
  }
}
