#!/usr/bin/env node
// Runs the compiled build (npm run build) when it is newer than every source file, and otherwise
// the TypeScript sources through tsx's loader, so `npx benchwatch` works right after `npm ci` and
// an edited source is never shadowed by an old build.
import { buildIsFresh } from './build-state.js'

let main
if (buildIsFresh()) {
  ;({ main } = await import('../dist/src/adapters/cli/index.js'))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/adapters/cli/index.ts'))
}
process.exitCode = await main(process.argv.slice(2))
