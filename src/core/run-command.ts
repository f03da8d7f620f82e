import type { CommandDef, CommandInput, OptionSpecs } from './command.js'
import { parseArgs, validateOptions } from './command.js'
import { CommandError, UserError } from './errors.js'
import { langFromLocale, type Lang } from './i18n.js'
import { reply, type Reply } from './reply.js'

/** Commands by name, as the registry loaded them. */
export type CommandRegistry = ReadonlyMap<string, CommandDef<OptionSpecs>>

/**
 * What `runCommand` needs besides the input: the services commands use, the clock, the chat's
 * stored language, and where unexpected errors go.
 */
export interface RunDeps<S = unknown> {
  services: S
  now: () => Date
  /** The chat's language from /lang, if set; otherwise the platform locale decides. */
  chatLang?: (chat: string) => Promise<Lang | undefined> | Lang | undefined
  onError?: (error: CommandError) => void
  /** A per-user limiter; returns false when the user is over the limit. */
  allow?: (userKey: string) => boolean
}

const TEXTS: Record<Lang, { unknown: string; notAdmin: string; failed: string; slowDown: string }> =
  {
    en: {
      unknown: 'Unknown command /{name}. Try /help.',
      notAdmin: 'Only chat admins can use /{name}.',
      failed:
        'Something went wrong while answering /{name}. It has been logged; please try again later.',
      slowDown: 'Too many commands at once — please wait a few seconds and try again.',
    },
    ru: {
      unknown: 'Неизвестная команда /{name}. Попробуйте /help.',
      notAdmin: 'Команду /{name} могут использовать только администраторы чата.',
      failed: 'Не удалось ответить на /{name}. Ошибка записана в журнал; попробуйте позже.',
      slowDown: 'Слишком много команд подряд — подождите несколько секунд и попробуйте снова.',
    },
  }

function fill(template: string, name: string): string {
  return template.replace('{name}', name)
}

/**
 * Runs one chat command from any adapter: finds it, checks preconditions, parses and validates
 * options, runs it, and turns every failure into a reply. A `UserError` is shown as it is; any
 * other error is logged through `onError` and the user sees a short generic message.
 *
 * @example
 * const r = await runCommand(registry, { name: 'help', options: {}, chat: 'cli:local', user: { id: 'me', isAdmin: true } }, deps)
 */
export async function runCommand<S>(
  registry: CommandRegistry,
  input: CommandInput,
  deps: RunDeps<S>
): Promise<Reply> {
  const lang = input.lang ?? (await deps.chatLang?.(input.chat)) ?? langFromLocale(input.locale)
  const texts = TEXTS[lang]
  const def = registry.get(input.name.toLowerCase())
  if (!def) return reply.text(fill(texts.unknown, input.name), { ephemeral: true })
  if (deps.allow && !deps.allow(`${input.chat}/${input.user.id}`)) {
    return reply.text(texts.slowDown, { ephemeral: true })
  }
  if (def.preconditions?.includes('chatAdmin') && !input.user.isAdmin) {
    return reply.text(fill(texts.notAdmin, def.name), { ephemeral: true })
  }
  try {
    const raw =
      input.text !== undefined
        ? { ...parseArgs(def.options, input.text), ...input.options }
        : input.options
    const options = validateOptions(def, raw, lang)
    return await def.run({
      options,
      chat: input.chat,
      user: input.user,
      lang,
      now: deps.now(),
      capabilities: { images: input.capabilities?.images ?? false },
      services: deps.services,
    })
  } catch (error) {
    if (error instanceof UserError) return reply.text(error.message, { ephemeral: true })
    const wrapped = new CommandError(error, { name: def.name, chat: input.chat })
    deps.onError?.(wrapped)
    return reply.text(fill(texts.failed, def.name), { ephemeral: true })
  }
}
