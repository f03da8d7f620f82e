/**
 * Compiles src/ and commands/ to dist/ (plain JavaScript, same layout) and copies the data files
 * read at run time. `bin/benchwatch.js` runs dist/ when it is newer than every source file, so a
 * deployment runs without the TypeScript loader: about 60 MB less memory and a faster start.
 * Run: npm run build
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const started = Date.now()
rmSync(dist, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
})
// JSON the code imports is emitted by tsc; files read by path are copied here.
mkdirSync(join(dist, 'data'), { recursive: true })
cpSync(join(root, 'data', 'default-feeds.json'), join(dist, 'data', 'default-feeds.json'))
// Written last: bin/benchwatch.js trusts dist/ only when this stamp is newer than the sources.
writeFileSync(join(dist, 'BUILT'), `${new Date().toISOString()}\n`)
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`)
