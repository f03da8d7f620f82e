import type { Db } from './dialect.js'
import type { ChatRow } from './schema.js'

/** A chat benchwatch knows about, with its settings. */
export interface Chat {
  ref: string
  platform: string
  title: string | null
  lang: string | null
  timezone: string | null
  digestTime: string | null
  quietDays: boolean
  active: boolean
  inactiveReason: string | null
  createdAt: string
  updatedAt: string
}

/** Settings a command or adapter may change. */
export type ChatSettings = Partial<
  Pick<Chat, 'title' | 'lang' | 'timezone' | 'digestTime' | 'quietDays' | 'active' | 'inactiveReason'>
>

/** Chats and their settings (language, digest time and zone, active or not). */
export interface ChatStore {
  get(ref: string): Promise<Chat | undefined>
  /** Creates the chat if needed and applies the settings given; returns the result. */
  upsert(ref: string, settings: ChatSettings, now: Date): Promise<Chat>
  /** Moves a chat to a new ref (Telegram group → supergroup), keeping its subscriptions. */
  rename(from: string, to: string, now: Date): Promise<void>
}

function rowToChat(row: ChatRow): Chat {
  return {
    ref: row.ref,
    platform: row.platform,
    title: row.title,
    lang: row.lang,
    timezone: row.timezone,
    digestTime: row.digest_time,
    quietDays: row.quiet_days === 1,
    active: row.active === 1,
    inactiveReason: row.inactive_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function settingsToColumns(settings: ChatSettings): Partial<ChatRow> {
  const out: Partial<ChatRow> = {}
  if (settings.title !== undefined) out.title = settings.title
  if (settings.lang !== undefined) out.lang = settings.lang
  if (settings.timezone !== undefined) out.timezone = settings.timezone
  if (settings.digestTime !== undefined) out.digest_time = settings.digestTime
  if (settings.quietDays !== undefined) out.quiet_days = settings.quietDays ? 1 : 0
  if (settings.active !== undefined) out.active = settings.active ? 1 : 0
  if (settings.inactiveReason !== undefined) out.inactive_reason = settings.inactiveReason
  return out
}

/** The Kysely implementation of ChatStore. */
export function createChatStore({ kysely: db }: Db): ChatStore {
  async function get(ref: string) {
    const row = await db.selectFrom('chat').selectAll().where('ref', '=', ref).executeTakeFirst()
    return row && rowToChat(row)
  }
  return {
    get,
    async upsert(ref, settings, now) {
      const columns = settingsToColumns(settings)
      const stamp = now.toISOString()
      await db
        .insertInto('chat')
        .values({
          ref,
          platform: ref.split(':')[0] ?? 'cli',
          title: null,
          lang: null,
          timezone: null,
          digest_time: null,
          quiet_days: 0,
          active: 1,
          inactive_reason: null,
          created_at: stamp,
          updated_at: stamp,
          ...columns,
        })
        .onConflict((oc) => oc.column('ref').doUpdateSet({ ...columns, updated_at: stamp }))
        .execute()
      return (await get(ref))!
    },
    async rename(from, to, now) {
      await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('chat').select('ref').where('ref', '=', to).executeTakeFirst()
        if (!existing) {
          await trx.updateTable('chat').set({ ref: to, updated_at: now.toISOString() }).where('ref', '=', from).execute()
        }
        await trx.updateTable('subscription').set({ chat_ref: to }).where('chat_ref', '=', from).execute()
        await trx.updateTable('delivery').set({ chat_ref: to }).where('chat_ref', '=', from).execute()
        await trx.updateTable('digest').set({ chat_ref: to }).where('chat_ref', '=', from).execute()
        await trx.updateTable('feed').set({ chat_ref: to }).where('chat_ref', '=', from).execute()
      })
    },
  }
}
