import { readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { CommandDef } from './core/command.js'
import { LANGS } from './core/i18n.js'

/** The folder holding one file per chat command. */
export const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'commands')

/** Names every platform accepts (Discord: lower-case, `-`/`_`; Telegram: `[a-z0-9_]`). */
export const COMMAND_NAME = /^[a-z0-9_]{1,32}$/
/** Discord's limit for command and option descriptions. */
export const DESCRIPTION_LIMIT = 100

/** Problems with one command definition; empty when it is fine. */
export function checkCommand(def: unknown, fileName: string): string[] {
  const problems: string[] = []
  const d = def as Partial<CommandDef>
  if (!d || typeof d !== 'object') return [`${fileName}: no default export`]
  if (typeof d.name !== 'string' || !COMMAND_NAME.test(d.name))
    problems.push(`${fileName}: name must match ${COMMAND_NAME}`)
  if (d.name && d.name !== fileName)
    problems.push(`${fileName}: name "${d.name}" differs from the file name`)
  if (typeof d.run !== 'function') problems.push(`${fileName}: run must be a function`)
  for (const lang of LANGS) {
    const text = d.description?.[lang]
    if (typeof text !== 'string' || text.length === 0 || text.length > DESCRIPTION_LIMIT)
      problems.push(`${fileName}: description.${lang} must be 1-${DESCRIPTION_LIMIT} characters`)
  }
  for (const [option, spec] of Object.entries(d.options ?? {})) {
    if (!COMMAND_NAME.test(option))
      problems.push(`${fileName}: option "${option}" must match ${COMMAND_NAME}`)
    for (const lang of LANGS) {
      const text = spec.description?.[lang]
      if (typeof text !== 'string' || text.length === 0 || text.length > DESCRIPTION_LIMIT)
        problems.push(
          `${fileName}: option ${option} description.${lang} must be 1-${DESCRIPTION_LIMIT} characters`
        )
    }
  }
  return problems
}

/**
 * Loads every command file in `commands/`, checks its shape, and returns them by name. A bad
 * file is reported through `warn` and left out, as the discord.js guide's loader does; it never
 * stops the bot.
 */
export async function loadCommands(
  options: { dir?: string; warn?: (message: string) => void } = {}
): Promise<Map<string, CommandDef>> {
  const dir = options.dir ?? COMMANDS_DIR
  const warn = options.warn ?? ((m: string) => console.warn(m))
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .sort()
  const registry = new Map<string, CommandDef>()
  for (const file of files) {
    const name = basename(file).replace(/\.(ts|js)$/, '')
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown }
    const problems = checkCommand(mod.default, name)
    if (problems.length > 0) {
      for (const p of problems) warn(`[commands] ${p}`)
      continue
    }
    registry.set(name, mod.default as CommandDef)
  }
  return registry
}
