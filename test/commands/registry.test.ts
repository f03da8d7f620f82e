import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkCommand, COMMAND_NAME, DESCRIPTION_LIMIT, loadCommands } from '../../src/registry.js'

const EXPECTED = [
  'controversies',
  'digest',
  'help',
  'lang',
  'news',
  'sources',
  'start',
  'subscribe',
  'subscriptions',
  'summary',
  'table',
  'unsubscribe',
  'why',
]

describe('command registry', () => {
  it('GIVEN commands/ THEN every command of the contract loads without a warning', async () => {
    const warnings: string[] = []
    const registry = await loadCommands({ warn: (m) => warnings.push(m) })
    expect(warnings).toEqual([])
    expect([...registry.keys()].sort()).toEqual(EXPECTED)
  })

  it('GIVEN each command THEN names fit Discord and Telegram and descriptions fit 100 chars in en and ru', async () => {
    const registry = await loadCommands()
    for (const def of registry.values()) {
      expect(def.name).toMatch(COMMAND_NAME)
      // Telegram: 3–256 chars description; Discord: 1–100.
      for (const lang of ['en', 'ru'] as const) {
        expect(def.description[lang].length, `${def.name} ${lang}`).toBeGreaterThanOrEqual(3)
        expect(def.description[lang].length, `${def.name} ${lang}`).toBeLessThanOrEqual(
          DESCRIPTION_LIMIT
        )
        for (const [option, spec] of Object.entries(def.options)) {
          expect(option).toMatch(COMMAND_NAME)
          expect(
            spec.description[lang].length,
            `${def.name}.${option} ${lang}`
          ).toBeLessThanOrEqual(DESCRIPTION_LIMIT)
        }
      }
      // Discord: required options must come before optional ones.
      const required = Object.values(def.options).map((o) => Boolean(o.required))
      expect(
        required.indexOf(false) === -1 || required.lastIndexOf(true) < required.indexOf(false),
        def.name
      ).toBe(true)
    }
  })

  it('GIVEN the admin-only commands THEN they declare the chatAdmin precondition', async () => {
    const registry = await loadCommands()
    expect(registry.get('subscribe')?.preconditions).toContain('chatAdmin')
    expect(registry.get('unsubscribe')?.preconditions).toContain('chatAdmin')
  })

  it('GIVEN a bad command file THEN it is reported and left out, the others load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cmds-'))
    writeFileSync(
      join(dir, 'ok.js'),
      "export default { name: 'ok', description: { en: 'Fine', ru: 'Хорошо' }, options: {}, run: () => ({ blocks: [] }) }\n"
    )
    writeFileSync(
      join(dir, 'Bad-Name.js'),
      "export default { name: 'Bad-Name', description: { en: 'x', ru: 'x' }, options: {}, run: () => ({ blocks: [] }) }\n"
    )
    writeFileSync(
      join(dir, 'long.js'),
      `export default { name: 'long', description: { en: '${'x'.repeat(101)}', ru: 'ок' }, options: {}, run: () => ({ blocks: [] }) }\n`
    )
    const warnings: string[] = []
    const registry = await loadCommands({ dir, warn: (m) => warnings.push(m) })
    expect([...registry.keys()]).toEqual(['ok'])
    expect(warnings.join('\n')).toContain('Bad-Name: name must match')
    expect(warnings.join('\n')).toContain('long: description.en must be 1-100 characters')
  })

  it('GIVEN no default export THEN checkCommand says so', () => {
    expect(checkCommand(undefined, 'x')).toEqual(['x: no default export'])
  })
})
