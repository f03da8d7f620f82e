#!/usr/bin/env node
// Runs the compiled build (npm run build) when it is newer than every source file, and otherwise
// the TypeScript sources through tsx's loader, so `npx benchwatch` works right after `npm ci` and
// an edited source is never shadowed by an old build.
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)))
  return newest
}

function buildIsFresh() {
  const built = statSync(join(root, 'dist', 'BUILT'), { throwIfNoEntry: false })
  if (!built) return false
  const sources = ['src', 'commands', 'data/entities', 'data/default-feeds.json', 'package.json']
  return sources.every((path) => newestMtime(join(root, path)) <= built.mtimeMs)
}

let main
if (buildIsFresh()) {
  ;({ main } = await import('../dist/src/adapters/cli/index.js'))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/adapters/cli/index.ts'))
}
process.exitCode = await main(process.argv.slice(2))
