import type { CommandInput } from '../../src/core/command.js'
import type { Lang } from '../../src/core/i18n.js'
import { replyToPlainText, type Reply } from '../../src/core/reply.js'
import { runCommand, type RunDeps } from '../../src/core/run-command.js'
import { renderTextTable } from '../../src/core/text-table.js'
import { loadCommands } from '../../src/registry.js'
import type { Services } from '../../src/services.js'
import type { Store } from '../../src/store/store.js'
import { fixtureStore } from '../helpers/fixtures-store.js'

/** "Now" for command tests: the day after the seed fixture's Llama 4 story. */
export const NOW = new Date('2026-01-03T12:00:00.000Z')

/** Options for one command run in a test. */
export interface AskOptions {
  lang?: Lang
  chat?: `telegram:${string}` | `discord:${string}` | `cli:${string}`
  admin?: boolean
  images?: boolean
  now?: Date
}

/**
 * The registry over a real SQLite store with the fixture feeds ingested, and `ask` that runs one
 * command line through `runCommand` as an adapter does.
 */
export async function commandHarness(
  options: { files?: readonly (URL | string)[]; services?: Partial<Services> } = {}
) {
  const { store } = await fixtureStore(options.files)
  const commands = await loadCommands({
    warn: (m) => {
      throw new Error(m)
    },
  })
  const errors: unknown[] = []
  const services: Services = { store, commands: () => commands, ...options.services }
  async function ask(line: string, o: AskOptions = {}): Promise<Reply> {
    const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(line)!
    const input: CommandInput = {
      name: match[1]!,
      options: {},
      text: match[2] ?? '',
      chat: o.chat ?? 'telegram:100',
      user: { id: 'u1', isAdmin: o.admin ?? true },
      ...(o.lang ? { lang: o.lang } : {}),
      capabilities: { images: o.images ?? false },
    }
    const deps: RunDeps<Services> = {
      services,
      now: () => o.now ?? NOW,
      chatLang: async (chat) => {
        const lang = (await store.chats.get(chat))?.lang
        return lang === 'en' || lang === 'ru' ? lang : undefined
      },
      onError: (error) => errors.push(error),
    }
    return runCommand(commands, input, deps)
  }
  async function text(line: string, o: AskOptions = {}): Promise<string> {
    return plain(await ask(line, o))
  }
  return {
    store: store as Store,
    commands,
    services,
    errors,
    ask,
    text,
    close: () => store.close(),
  }
}

/** A reply as the CLI prints it. */
export function plain(reply: Reply): string {
  return replyToPlainText(reply, (b) => renderTextTable(b.columns, b.rows, b.align))
}
