import type { CommandDef, CommandInput } from '../../core/command.js'
import { describeError } from '../../core/errors.js'
import { langFromLocale } from '../../core/i18n.js'
import type { Reply } from '../../core/reply.js'
import type { Logger } from '../../log.js'
import type { Store } from '../../store/store.js'
import { EPHEMERAL_FLAG, renderReply, type DiscordMessage } from './render.js'

/** What both Discord modes need from the app. */
export interface DiscordDeps {
  commands: ReadonlyMap<string, CommandDef>
  run(input: CommandInput): Promise<Reply>
  store: Store
  log: Logger
}

/**
 * The four ways to answer an interaction, over discord.js (gateway) or REST webhooks (HTTP
 * mode), so the deferral and error rules are written once.
 */
export interface InteractionResponder {
  readonly deferred: boolean
  readonly replied: boolean
  reply(message: DiscordMessage): Promise<void>
  editOriginal(message: DiscordMessage): Promise<void>
  deleteOriginal(): Promise<void>
  followUp(message: DiscordMessage): Promise<void>
}

/** Past this, an answer is deferred (Discord drops an interaction not answered within 3 s). */
export const DEFER_AFTER_MS = 2000

/**
 * Posts a rendered reply as the interaction's answer. After a public deferral an ephemeral
 * answer cannot edit the "thinking…" message into a private one, so that message is deleted
 * and the answer goes out as an ephemeral follow-up.
 */
export async function deliverReply(responder: InteractionResponder, reply: Reply): Promise<void> {
  const [first, ...rest] = renderReply(reply)
  if (!first) return
  await sendFirst(responder, first, reply.ephemeral ?? false)
  for (const message of rest) await responder.followUp(message)
}

async function sendFirst(
  responder: InteractionResponder,
  message: DiscordMessage,
  ephemeral: boolean
): Promise<void> {
  if (!responder.deferred && !responder.replied) return responder.reply(message)
  if (responder.deferred && !responder.replied) {
    if (ephemeral) {
      await responder.deleteOriginal().catch(() => undefined)
      return responder.followUp(message)
    }
    const { flags: _flags, ...editable } = message
    return responder.editOriginal(editable)
  }
  return responder.followUp(message)
}

const FAILED = {
  en: 'Sorry, something went wrong while answering. Please try again in a minute.',
  ru: 'Не получилось ответить. Попробуйте ещё раз через минуту.',
}

/** The ephemeral message a caller sees when answering failed outside the command itself. */
export function failureMessage(locale: string | undefined): DiscordMessage {
  return {
    content: FAILED[langFromLocale(locale)],
    embeds: [],
    files: [],
    allowed_mentions: { parse: [] },
    flags: EPHEMERAL_FLAG,
  }
}

/**
 * Runs a command for an interaction and answers it: deferred at once for `slow` commands, after
 * `DEFER_AFTER_MS` for anything else still running; failures answered ephemerally (a follow-up
 * once something was already sent), as the discord.js guide's router does.
 */
export async function answerCommand(
  deps: DiscordDeps,
  responder: InteractionResponder & { defer(): Promise<void> },
  input: CommandInput,
  options: { deferAfterMs?: number } = {}
): Promise<void> {
  const def = deps.commands.get(input.name.toLowerCase())
  let deferring: Promise<void> | undefined
  const defer = () => (deferring ??= responder.defer())
  const timer = setTimeout(() => {
    defer().catch((error: unknown) =>
      deps.log.warn({ err: describeError(error) }, 'discord: defer failed')
    )
  }, options.deferAfterMs ?? DEFER_AFTER_MS)
  try {
    if (def?.slow) await defer()
    const reply = await deps.run(input)
    clearTimeout(timer)
    if (deferring) await deferring
    await deliverReply(responder, reply)
  } catch (error) {
    clearTimeout(timer)
    deps.log.error(
      { err: describeError(error), command: input.name, chat: input.chat },
      'discord: answering failed'
    )
    const message = failureMessage(input.locale)
    try {
      if (deferring) await deferring.catch(() => undefined)
      await sendFirst(responder, message, true)
    } catch (second) {
      deps.log.error({ err: describeError(second) }, 'discord: could not report the failure')
    }
  }
}
