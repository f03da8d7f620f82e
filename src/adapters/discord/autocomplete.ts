import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10'
import type { ChatRef } from '../../core/chat.js'
import type { OptionSpec } from '../../core/command.js'
import { suggestBenchmarks, suggestModels } from '../../core/entities.js'
import type { Store } from '../../store/store.js'
import { MAX_CHOICES, choice } from './commands.js'

/** The slice of the discrepancy store autocomplete reads, when the store has one. */
interface ModelSource {
  models(): Promise<{ id: string; name: string; count: number }[]>
}

function modelSource(store: Store): ModelSource | undefined {
  const candidate = (store as unknown as { discrepancies?: Partial<ModelSource> }).discrepancies
  return typeof candidate?.models === 'function' ? (candidate as ModelSource) : undefined
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '')
}

function uniqueByValue(choices: APIApplicationCommandOptionChoice<string>[]) {
  const seen = new Set<string>()
  return choices.filter((c) => (seen.has(c.value.toLowerCase()) ? false : seen.add(c.value.toLowerCase())))
}

/**
 * Choices for an autocomplete-marked option while the user types: model names with stored rows
 * (most rows first) plus near-miss known models; known benchmarks; this channel's subscriptions
 * by id. At most 25, as Discord allows.
 */
export async function autocompleteChoices(
  source: NonNullable<OptionSpec['autocomplete']>,
  typed: string,
  context: { store: Store; chat: ChatRef }
): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const query = fold(typed)
  if (source === 'subscription') {
    const subs = await context.store.subscriptions.listForChat(context.chat)
    return subs
      .filter((s) => query === '' || fold(`${s.id} ${s.topic}`).includes(query))
      .slice(0, MAX_CHOICES)
      .map((s) => choice(`${s.id} · ${s.topic} (${s.mode}${s.pausedAt ? ', paused' : ''})`, s.id))
  }
  if (source === 'benchmark') {
    return typed.trim() === ''
      ? []
      : suggestBenchmarks(typed, MAX_CHOICES).map((b) => choice(b.name, b.name))
  }
  const stored = (await modelSource(context.store)?.models()) ?? []
  const matching = stored
    .filter((m) => query === '' || fold(m.name).includes(query) || fold(m.id).includes(query))
    .map((m) => choice(`${m.name} (${m.count})`, m.name))
  const near = typed.trim() === '' ? [] : suggestModels(typed, MAX_CHOICES).map((m) => choice(m.name, m.name))
  return uniqueByValue([...matching, ...near]).slice(0, MAX_CHOICES)
}
