import { REST } from '@discordjs/rest'
import { Routes } from 'discord-api-types/v10'
import type { CommandDef } from '../../core/command.js'
import { toSlashCommands } from './commands.js'

/** Where and how to register the slash commands. */
export interface RegisterOptions {
  token: string
  apiBase: string
  /** The application id; looked up with the token when absent. */
  applicationId?: string
  /** Register in one server (instant, for testing) instead of globally (propagates in minutes). */
  guildId?: string
  rest?: REST
}

/**
 * Replaces the application's slash commands with the visible commands of the registry (one
 * bulk PUT, so removed commands disappear too). Returns the names Discord accepted.
 */
export async function registerCommands(
  commands: Iterable<CommandDef>,
  options: RegisterOptions
): Promise<{ applicationId: string; scope: string; names: string[] }> {
  const rest =
    options.rest ?? new REST({ version: '10', api: options.apiBase }).setToken(options.token)
  const applicationId =
    options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId)
  const accepted = (await rest.put(route, { body: toSlashCommands(commands) })) as {
    name: string
  }[]
  return {
    applicationId,
    scope: options.guildId ? `server ${options.guildId}` : 'global',
    names: accepted.map((c) => c.name),
  }
}
