import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10'
import type { ChatRef } from '../../core/chat.js'
import type { CommandDef, OptionSpec } from '../../core/command.js'
import { resolveBenchmark, suggestBenchmarks, suggestModels } from '../../core/entities.js'
import { createDiscrepancyStore, type DiscrepancyStore } from '../../store/discrepancies.js'
import type { Store } from '../../store/store.js'
import { MAX_CHOICES, choice, fromInteraction, type InteractionFacts } from './commands.js'

// The Store may not group discrepancy rows yet; the rows are there either way.
function discrepancies(store: Store): DiscrepancyStore {
  return (
    (store as { discrepancies?: DiscrepancyStore }).discrepancies ??
    createDiscrepancyStore(store.db)
  )
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '')
}

function uniqueByValue(choices: APIApplicationCommandOptionChoice<string>[]) {
  const seen = new Set<string>()
  return choices.filter((c) =>
    seen.has(c.value.toLowerCase()) ? false : seen.add(c.value.toLowerCase())
  )
}

/**
 * Choices for an autocomplete-marked option while the user types: model names with stored rows
 * (most rows first) plus near-miss known models; benchmarks the chosen model has figures for,
 * plus near-miss known benchmarks; this channel's subscriptions by id. At most 25, as Discord
 * allows.
 */
export async function autocompleteChoices(
  source: NonNullable<OptionSpec['autocomplete']>,
  typed: string,
  context: { store: Store; chat: ChatRef; siblings?: Record<string, unknown> }
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
    // With the model already chosen, offer the benchmarks that model has figures for.
    const model = typeof context.siblings?.model === 'string' ? context.siblings.model.trim() : ''
    const rows = model ? await discrepancies(context.store).forModel(model) : []
    const withRows = [
      ...new Set(rows.map((r) => resolveBenchmark(r.benchmark)?.name ?? r.benchmark)),
    ]
      .filter((name) => query === '' || fold(name).includes(query))
      .map((name) => choice(name, name))
    const near =
      typed.trim() === ''
        ? []
        : suggestBenchmarks(typed, MAX_CHOICES).map((b) => choice(b.name, b.name))
    return uniqueByValue([...withRows, ...near]).slice(0, MAX_CHOICES)
  }
  const stored = await discrepancies(context.store).models()
  const matching = stored
    .filter((m) => query === '' || fold(m.name).includes(query) || fold(m.id).includes(query))
    .map((m) => choice(`${m.name} (${m.count})`, m.name))
  const near =
    typed.trim() === '' ? [] : suggestModels(typed, MAX_CHOICES).map((m) => choice(m.name, m.name))
  return uniqueByValue([...matching, ...near]).slice(0, MAX_CHOICES)
}

/**
 * Choices for an autocomplete interaction: the focused option's source, what was typed so far,
 * and the other options already filled in. No source (or no focused option): no choices.
 */
export async function choicesForInteraction(
  facts: InteractionFacts,
  context: { commands: ReadonlyMap<string, CommandDef>; store: Store }
): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const focused = facts.options.find((o) => o.focused)
  const source =
    focused && context.commands.get(facts.commandName)?.options[focused.name]?.autocomplete
  if (!focused || !source) return []
  const input = fromInteraction(facts)
  return autocompleteChoices(source, String(focused.value ?? ''), {
    store: context.store,
    chat: input.chat,
    siblings: input.options,
  })
}
