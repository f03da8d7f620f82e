import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10'
import { chatRef } from '../../core/chat.js'
import type { CommandDef, CommandInput, OptionSpec } from '../../core/command.js'

type SlashCommand = RESTPutAPIApplicationCommandsJSONBody[number]

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
} as const

/** Discord caps choices and autocomplete results at 25, each name and value at 100 characters. */
export const MAX_CHOICES = 25
const MAX_CHOICE_TEXT = 100

function toOptionJson(name: string, spec: OptionSpec): APIApplicationCommandBasicOption {
  const option: Record<string, unknown> = {
    type: OPTION_TYPES[spec.type],
    name,
    description: spec.description.en,
    description_localizations: { ru: spec.description.ru },
    required: spec.required ?? false,
  }
  if (spec.choices && spec.choices.length > 0) {
    option.choices = spec.choices
      .slice(0, MAX_CHOICES)
      .map((c) => ({ name: c.slice(0, MAX_CHOICE_TEXT), value: c.slice(0, MAX_CHOICE_TEXT) }))
  } else if (spec.autocomplete && spec.type !== 'boolean') {
    // Discord refuses choices and autocomplete on the same option.
    option.autocomplete = true
  }
  if (spec.type === 'integer') {
    if (spec.min !== undefined) option.min_value = spec.min
    if (spec.max !== undefined) option.max_value = spec.max
  }
  if (spec.type === 'string' && spec.max !== undefined) option.max_length = spec.max
  return option as unknown as APIApplicationCommandBasicOption
}

/**
 * The slash-command JSON for one command: English description with a Russian localization,
 * typed options (required first, as Discord demands), Manage Server as the default permission
 * and server-only contexts for commands that change a channel's setup (`chatAdmin`).
 */
export function toSlashJson(def: CommandDef): SlashCommand {
  const adminOnly = def.preconditions?.includes('chatAdmin') ?? false
  const options = Object.entries(def.options)
    .map(([name, spec], index) => ({ name, spec, index }))
    .sort(
      (a, b) =>
        Number(b.spec.required ?? false) - Number(a.spec.required ?? false) || a.index - b.index
    )
    .map(({ name, spec }) => toOptionJson(name, spec))
  return {
    type: ApplicationCommandType.ChatInput,
    name: def.name,
    description: def.description.en,
    description_localizations: { ru: def.description.ru },
    options,
    default_member_permissions: adminOnly ? String(PermissionFlagsBits.ManageGuild) : null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: adminOnly
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM],
    nsfw: false,
  }
}

/** The registration body: every command that is not hidden. */
export function toSlashCommands(commands: Iterable<CommandDef>): SlashCommand[] {
  return [...commands].filter((c) => !c.hidden).map(toSlashJson)
}

/** One option value as an interaction carries it (top level; benchwatch has no subcommands). */
export interface InteractionOption {
  name: string
  type: number
  value?: string | number | boolean
  focused?: boolean
}

/**
 * What the adapter reads from an interaction, the same for the gateway (discord.js objects) and
 * HTTP (raw JSON) modes.
 */
export interface InteractionFacts {
  commandName: string
  channelId: string
  guildId: string | null
  userId: string
  /** The member's permissions in this channel as a bitfield; null outside a server. */
  memberPermissions: string | bigint | null
  locale?: string
  options: readonly InteractionOption[]
}

/**
 * Whether the caller may change this channel's setup: Manage Server or Administrator in a
 * server; anyone in a DM with the bot (it is their own chat).
 */
export function isChatAdmin(
  facts: Pick<InteractionFacts, 'guildId' | 'memberPermissions'>
): boolean {
  if (facts.guildId === null) return true
  if (facts.memberPermissions === null) return false
  let bits: bigint
  try {
    bits = BigInt(facts.memberPermissions)
  } catch {
    return false
  }
  const wanted = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator
  return (bits & wanted) !== 0n
}

/** The platform-neutral command input for an interaction; images are always possible on Discord. */
export function fromInteraction(facts: InteractionFacts): CommandInput {
  const options: Record<string, unknown> = {}
  for (const option of facts.options) {
    if (option.value !== undefined) options[option.name] = option.value
  }
  return {
    name: facts.commandName,
    options,
    chat: chatRef('discord', facts.channelId),
    user: { id: facts.userId, isAdmin: isChatAdmin(facts) },
    ...(facts.locale ? { locale: facts.locale } : {}),
    capabilities: { images: true },
  }
}

/** A raw interaction as Discord posts it to the HTTP endpoint (the fields benchwatch reads). */
export interface RawInteraction {
  id: string
  application_id: string
  type: number
  token: string
  guild_id?: string
  channel_id?: string
  channel?: { id: string }
  member?: { permissions?: string; user?: { id: string } }
  user?: { id: string }
  locale?: string
  data?: { name?: string; options?: InteractionOption[] }
}

/** Reads the facts from a raw interaction; null when it lacks a channel, user or command name. */
export function factsFromRaw(raw: RawInteraction): InteractionFacts | null {
  const channelId = raw.channel_id ?? raw.channel?.id
  const userId = raw.member?.user?.id ?? raw.user?.id
  const commandName = raw.data?.name
  if (!channelId || !userId || !commandName) return null
  return {
    commandName,
    channelId,
    guildId: raw.guild_id ?? null,
    userId,
    memberPermissions: raw.guild_id ? (raw.member?.permissions ?? null) : null,
    ...(raw.locale ? { locale: raw.locale } : {}),
    options: raw.data?.options ?? [],
  }
}

/** A choice list item for autocomplete, trimmed to Discord's limits. */
export function choice(name: string, value: string): APIApplicationCommandOptionChoice<string> {
  return { name: name.slice(0, MAX_CHOICE_TEXT), value: value.slice(0, MAX_CHOICE_TEXT) }
}
