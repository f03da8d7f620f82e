// Whether dist/ (npm run build) is up to date. Shared by bin/benchwatch.js and the benchmarks,
// which report whether they measured the compiled build or the TypeScript loader.
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const SOURCES = ['src', 'commands', 'data/entities', 'data/default-feeds.json', 'package.json']

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)))
  return newest
}

/** True when dist/ was built after the last change to any source file of the project at `root`. */
export function buildIsFresh(root = projectRoot) {
  const built = statSync(join(root, 'dist', 'BUILT'), { throwIfNoEntry: false })
  if (!built) return false
  return SOURCES.every((path) => newestMtime(join(root, path)) <= built.mtimeMs)
}
