import {
  Client,
  Events,
  GatewayIntentBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js'
import { describeError } from '../../core/errors.js'
import { choicesForInteraction } from './autocomplete.js'
import { fromInteraction, type InteractionFacts } from './commands.js'
import type { DiscordMessage } from './render.js'
import { answerCommand, type DiscordDeps, type InteractionResponder } from './respond.js'

/** A gateway bot the app starts and stops; `ready` is false while it is disconnected. */
export interface GatewayBot {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
  ready(): boolean
}

const READY_WAIT_MS = 30_000

export interface GatewayOptions {
  token: string
  apiBase: string
  /** `auto`, or shard ids like `0,1` (with `shardCount`) when several processes split the servers. */
  shards?: string
  shardCount?: number
  deferAfterMs?: number
}

function factsOf(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction
): InteractionFacts {
  return {
    commandName: interaction.commandName,
    channelId: interaction.channelId ?? interaction.user.id,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
    locale: interaction.locale,
    options: interaction.options.data.map((o) => ({
      name: o.name,
      type: o.type,
      ...(o.value !== undefined && o.value !== null ? { value: o.value } : {}),
      ...(o.focused ? { focused: true } : {}),
    })),
  }
}

function toDiscordJs(message: DiscordMessage): InteractionReplyOptions {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    files: message.files.map((f) => ({ attachment: Buffer.from(f.data), name: f.name })),
    allowedMentions: { parse: [] },
    ...(message.flags !== undefined ? { flags: message.flags } : {}),
  }
}

function clientResponder(
  interaction: ChatInputCommandInteraction
): InteractionResponder & { defer(): Promise<void> } {
  return {
    get deferred() {
      return interaction.deferred
    },
    get replied() {
      return interaction.replied
    },
    async defer() {
      await interaction.deferReply()
    },
    async reply(message) {
      await interaction.reply(toDiscordJs(message))
    },
    async editOriginal(message) {
      const { flags: _flags, ...options } = toDiscordJs(message)
      await interaction.editReply(options)
    },
    async deleteOriginal() {
      await interaction.deleteReply()
    },
    async followUp(message) {
      await interaction.followUp(toDiscordJs(message))
    },
  }
}

function parseShards(shards: string | undefined): number[] | 'auto' | undefined {
  if (!shards) return undefined
  if (shards === 'auto') return 'auto'
  return shards.split(',').map(Number)
}

/**
 * The gateway bot: a discord.js Client with the Guilds intent only (slash commands need no
 * message content), REST pointed at `apiBase` (the gateway URL comes from that REST API too),
 * and no mentions parsed in anything it sends. discord.js resumes and reconnects by itself.
 */
export function createGatewayBot(deps: DiscordDeps, options: GatewayOptions): GatewayBot {
  const shards = parseShards(options.shards)
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiBase },
    allowedMentions: { parse: [] },
    ...(shards ? { shards } : {}),
    ...(options.shardCount ? { shardCount: options.shardCount } : {}),
  })
  const inFlight = new Set<Promise<void>>()

  async function onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const choices = await choicesForInteraction(factsOf(interaction), deps).catch(
        (error: unknown) => {
          deps.log.warn({ err: describeError(error) }, 'discord: autocomplete failed')
          return []
        }
      )
      await interaction.respond(choices)
      return
    }
    if (!interaction.isChatInputCommand()) return
    const input = fromInteraction(factsOf(interaction))
    await answerCommand(deps, clientResponder(interaction), input, {
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    })
  }

  client.on(Events.InteractionCreate, (interaction) => {
    const work = onInteraction(interaction).catch((error: unknown) =>
      deps.log.error({ err: describeError(error) }, 'discord: interaction handling failed')
    )
    inFlight.add(work)
    void work.finally(() => inFlight.delete(work))
  })
  client.on(Events.Error, (error) =>
    deps.log.error({ err: describeError(error) }, 'discord: client error')
  )
  client.on(Events.ShardDisconnect, (_event, shard) =>
    deps.log.warn({ shard }, 'discord: shard disconnected')
  )
  client.on(Events.ShardResume, (shard) => deps.log.info({ shard }, 'discord: shard resumed'))

  return {
    name: 'discord-gateway',
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
      try {
        await client.login(options.token)
      } catch (error) {
        await client.destroy()
        throw new Error(`Discord gateway login failed: ${describeError(error)}`, { cause: error })
      }
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), READY_WAIT_MS)
        timer.unref()
      })
      if ((await Promise.race([ready, late])) === 'late') {
        deps.log.warn('discord: not ready after 30 s; discord.js keeps trying in the background')
        return
      }
      clearTimeout(timer)
      deps.log.info(
        { user: client.user?.tag, guilds: client.guilds.cache.size },
        'discord: connected'
      )
    },
    async stop() {
      await Promise.allSettled([...inFlight])
      await client.destroy()
    },
    ready: () => client.isReady(),
  }
}
