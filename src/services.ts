import type { CommandDef } from './core/command.js'
import type { Summariser } from './core/summarise.js'
import type { FetchPage } from './ingest/fulltext.js'
import { createClassificationStore, type ClassificationStore } from './store/classifications.js'
import { createDiscrepancyStore, type DiscrepancyStore } from './store/discrepancies.js'
import type { Store } from './store/store.js'

/**
 * What chat commands may use while they run. The composition root (`src/app.ts`) builds it;
 * tests build it over a real SQLite store and local fakes of the network. New capabilities are
 * added here as optional fields so older wiring keeps compiling.
 */
export interface Services {
  store: Store
  /** The registry itself, for /help and /start. */
  commands: () => ReadonlyMap<string, CommandDef>
  /** Fetches a page through the ingestion fetcher (SSRF guard, limits): /summary URL, /sources add. */
  fetchPage?: FetchPage
  /** The summariser for /summary; the offline one when unset. */
  summariser?: Summariser
}

/**
 * The discrepancy rows, whether or not the Store groups them yet.
 *
 * @example
 * const rows = await discrepanciesOf(services.store).forModel('llama-4')
 */
export function discrepanciesOf(store: Store): DiscrepancyStore {
  return (
    (store as { discrepancies?: DiscrepancyStore }).discrepancies ??
    createDiscrepancyStore(store.db)
  )
}

/**
 * The classifier's stored verdicts, whether or not the Store groups them yet.
 *
 * @example
 * const verdict = await classificationsOf(services.store).get(itemId)
 */
export function classificationsOf(store: Store): ClassificationStore {
  return (
    (store as { classifications?: ClassificationStore }).classifications ??
    createClassificationStore(store.db)
  )
}
