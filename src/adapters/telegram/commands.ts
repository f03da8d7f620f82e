import type { Api } from 'grammy'
import type { CommandDef } from '../../core/command.js'
import type { Lang } from '../../core/i18n.js'

/** A command as Telegram's menu lists it. */
export interface BotCommandEntry {
  command: string
  description: string
}

/** Telegram's limit for a command description in setMyCommands. */
const DESCRIPTION_LIMIT = 256

/**
 * The menu entries for one language, from the same definitions every platform uses; hidden
 * commands are left out.
 *
 * @example
 * menuFor(commands, 'ru') // [{ command: 'help', description: 'Список команд' }]
 */
export function menuFor(commands: ReadonlyMap<string, CommandDef>, lang: Lang): BotCommandEntry[] {
  return [...commands.values()]
    .filter((c) => !c.hidden)
    .slice(0, 100)
    .map((c) => ({ command: c.name, description: c.description[lang].slice(0, DESCRIPTION_LIMIT) }))
}

/** Registers the menu for the default scope (English) and for Russian-speaking users. */
export async function registerCommands(
  api: Api,
  commands: ReadonlyMap<string, CommandDef>
): Promise<void> {
  await api.setMyCommands(menuFor(commands, 'en'))
  await api.setMyCommands(menuFor(commands, 'ru'), { language_code: 'ru' })
}

/** A command found at the start of a message. */
export interface ParsedCommand {
  /** Lower-case command name without the slash. */
  name: string
  /** The raw text after the command, for the core `parseArgs`. */
  text: string
  /** True when the command named this bot explicitly (`/news@this_bot`). */
  addressed: boolean
}

/**
 * Reads `/cmd`, `/cmd@botname` and their arguments from a message. Returns null for anything
 * that is not a command, or a command addressed to another bot.
 *
 * @example
 * parseCommandText('/table@bw_bot Llama 4', 'bw_bot') // { name: 'table', text: 'Llama 4', addressed: true }
 */
export function parseCommandText(
  text: string | undefined,
  botUsername: string
): ParsedCommand | null {
  if (!text) return null
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?=\s|$)/.exec(text)
  if (!match) return null
  const target = match[2]
  if (target && target.toLowerCase() !== botUsername.toLowerCase()) return null
  return {
    name: match[1]!.toLowerCase(),
    text: text.slice(match[0].length).trim(),
    addressed: target !== undefined,
  }
}
