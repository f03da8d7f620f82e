// In-process adapter for ../shared/peer-feeds/run.mjs --module, run with `node --import tsx`
// from the repo root so the TypeScript sources load. It returns exactly what
// `benchwatch parse` prints for the same bytes.
import { parseToOutput } from '../../src/adapters/cli/subcommands/parse.ts'

export function parseFeed(bytes) {
  return parseToOutput(bytes)
}
