import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildIsFresh } from '../../bin/build-state.js'

// bin/benchwatch.js runs dist/ only while buildIsFresh() holds: an edited source must never be
// shadowed by an older build.
describe('buildIsFresh', () => {
  let root = ''
  const write = (path: string, secondsAgo: number) => {
    const file = join(root, path)
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, 'x')
    const at = new Date(Date.now() - secondsAgo * 1000)
    utimesSync(file, at, at)
  }
  const project = () => {
    root = mkdtempSync(join(tmpdir(), 'bw-build-'))
    write('src/core/a.ts', 300)
    write('commands/news.ts', 300)
    write('data/entities/models.json', 300)
    write('data/default-feeds.json', 300)
    write('package.json', 300)
    // directories count too (a deleted file changes its folder), so age them as well
    for (const dir of ['src/core', 'src', 'commands', 'data/entities', 'data']) {
      const at = new Date(Date.now() - 300_000)
      utimesSync(join(root, dir), at, at)
    }
  }
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('GIVEN no build THEN the sources run', () => {
    project()
    expect(buildIsFresh(root)).toBe(false)
  })

  it('GIVEN a build newer than every source THEN it runs', () => {
    project()
    write('dist/BUILT', 10)
    expect(buildIsFresh(root)).toBe(true)
  })

  it.each(['src/core/a.ts', 'commands/news.ts', 'data/entities/models.json', 'package.json'])(
    'GIVEN %s edited after the build THEN the sources run',
    (path) => {
      project()
      write('dist/BUILT', 10)
      write(path, 0)
      expect(buildIsFresh(root)).toBe(false)
    }
  )
})
