/** How a score is expressed: percent, plain points (a 0–10 or 0–100 scale without "%"), or Elo. */
export type ScoreUnit = '%' | 'pts' | 'elo'

/**
 * One claimed-versus-measured pair found in a news item.
 *
 * @example
 * const row: DiscrepancyRow = { model: 'Llama 4', modelId: 'llama-4', benchmark: 'MMLU', claimed: 86.5,
 *   measured: 71.2, unit: '%', delta: -15.3, snippet: 'MMLU | 86.5% | 71.2% | -15.3%', confidence: 0.95 }
 */
export interface DiscrepancyRow {
  /** Display name of the model; empty when neither the passage nor the item names one. */
  model: string
  modelId?: string
  benchmark: string
  benchmarkId?: string
  claimed: number
  measured: number
  unit: ScoreUnit
  /** measured − claimed: negative when independent testing found less than was claimed. */
  delta: number
  /** The table row or sentence(s) the pair came from. */
  snippet: string
  /** 0..1: how sure the extractor is that the pair is what the source meant. */
  confidence: number
  /** Evaluation settings the source states, e.g. "5-shot" or "pass@1". */
  conditions?: string
}

/** A model an item is known to mention (from the entity tagger), used when a passage names none. */
export interface ModelRef {
  id: string
  name: string
}

/**
 * What extraction reads: an item's title and its content as HTML and/or text.
 *
 * @example
 * const input: ExtractInput = { title: 'Llama 4 scores inflated', html: '<table>…</table>' }
 */
export interface ExtractInput {
  title?: string
  html?: string
  text?: string
  models?: ModelRef[]
}

/** A model or benchmark mention in a text, with its span. */
export interface Mention {
  id: string
  name: string
  start: number
  end: number
}

/**
 * The name lookups extraction needs; the default one is built on the project's alias tables.
 *
 * @example
 * lookup.findModels('Llama-4 Maverick scored…') // [{ id: 'llama-4-maverick', name: 'Llama 4 Maverick', start: 0, end: 16 }]
 */
export interface EntityLookup {
  findModels(text: string): Mention[]
  findBenchmarks(text: string): Mention[]
  /** The canonical benchmark for a table-cell label, or null when the label is not a known one. */
  resolveBenchmark(label: string): { id: string; name: string } | null
  /** The canonical model for a name, or null when it does not look like a model. */
  resolveModel(name: string): { id: string; name: string } | null
}
