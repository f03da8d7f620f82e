/**
 * @module The Discord adapter: slash commands in two modes. With `DISCORD_TOKEN`, a gateway bot
 * (discord.js, Guilds intent only); with `DISCORD_PUBLIC_KEY`, signed HTTP interactions on
 * `POST /discord/interactions` (no bot token, any number of instances behind a load balancer).
 * Both turn an interaction into a `CommandInput`, run it through the app, and render the Reply
 * as embeds (`render.ts`). `createDiscordSender` posts subscriptions and digests over REST, and
 * `registerCommands` PUTs the slash-command definitions. Only this folder imports discord.js,
 * @discordjs/* and discord-api-types.
 */
import type { App, Component } from '../../app.js'
import { createGatewayBot } from './gateway.js'
import { createInteractionsEndpoint } from './interactions.js'
import type { DiscordDeps } from './respond.js'

export { autocompleteChoices } from './autocomplete.js'
export { fromInteraction, isChatAdmin, toSlashCommands, toSlashJson } from './commands.js'
export { createGatewayBot } from './gateway.js'
export { createInteractionsEndpoint, createSignatureVerifier } from './interactions.js'
export { registerCommands } from './register.js'
export { DISCORD_LIMITS, escapeMarkdown, renderReply, type DiscordMessage } from './render.js'
export { createDiscordSender, toSendError } from './sender.js'

/** The route Discord posts interactions to in HTTP mode. */
export const INTERACTIONS_PATH = '/discord/interactions'

/**
 * Adds the Discord parts the configuration asks for: the interactions route (and a component
 * that waits for its follow-ups on stop) when `DISCORD_PUBLIC_KEY` is set, the gateway bot when
 * `DISCORD_TOKEN` is set. Neither set: nothing happens.
 */
export function attachDiscord(
  app: Pick<App, 'config' | 'log' | 'store' | 'commands' | 'run' | 'http' | 'components'>
): void {
  const { config } = app
  const log = app.log.child({ adapter: 'discord' })
  const deps: DiscordDeps = { commands: app.commands, run: app.run, store: app.store, log }
  if (config.DISCORD_PUBLIC_KEY) {
    const endpoint = createInteractionsEndpoint(deps, {
      publicKey: config.DISCORD_PUBLIC_KEY,
      apiBase: config.DISCORD_API_BASE,
    })
    app.http.route('POST', INTERACTIONS_PATH, endpoint.handle)
    const component: Component = {
      name: 'discord-interactions',
      async start() {},
      stop: () => endpoint.drain(),
    }
    app.components.push(component)
  }
  if (config.DISCORD_TOKEN) {
    app.components.push(
      createGatewayBot(deps, {
        token: config.DISCORD_TOKEN,
        apiBase: config.DISCORD_API_BASE,
        ...(config.DISCORD_SHARDS ? { shards: config.DISCORD_SHARDS } : {}),
        ...(config.DISCORD_SHARD_COUNT ? { shardCount: config.DISCORD_SHARD_COUNT } : {}),
      })
    )
  }
}
