import type { CommandDef } from './core/command.js'
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
}
