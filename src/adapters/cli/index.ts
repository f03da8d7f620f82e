/**
 * @module The `benchwatch` command line: one file per subcommand in `subcommands/`, loaded on
 * demand. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describeError } from '../../core/errors.js'
import type { CliIo, Subcommand } from './subcommand.js'
import { writeLine } from './subcommand.js'

const HERE = dirname(fileURLToPath(import.meta.url))

/** Every subcommand, in the order `--help` lists them, with its one-line summary. */
export const SUBCOMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['run', 'run the service: poller, bots configured by env, digests, health server'],
  ['migrate', 'apply database migrations and exit'],
  ['feeds', 'list, add, remove, import or export feeds'],
  ['ingest', 'ingest feed files or URLs once'],
  ['poll', 'run one poll cycle over the configured feeds'],
  ['parse', 'parse one feed document and print it as JSON'],
  ['classify', 'classify JSON lines {id,title,summary} from stdin'],
  ['reclassify', 'classify stored items again after a model update'],
  ['extract', 'extract claimed-vs-measured rows from JSON lines {id,title,text}'],
  ['ask', 'run one chat command and print the reply, e.g. ask "/table Llama 4"'],
  ['register', 'register the slash commands with Discord'],
  ['migrate-data', 'copy a SQLite installation into PostgreSQL'],
  ['backup', 'make an online backup of the SQLite database'],
]

function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map(([n]) => n.length))
  return [
    'Usage: benchwatch <command> [options]',
    '',
    'Commands:',
    ...SUBCOMMANDS.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Run `benchwatch <command> --help` for the options of one command.',
    'Configuration comes from the environment and .env (see .env.example).',
  ].join('\n')
}

async function loadSubcommand(name: string): Promise<Subcommand | undefined> {
  for (const ext of ['ts', 'js']) {
    const file = join(HERE, 'subcommands', `${name}.${ext}`)
    if (existsSync(file)) {
      const mod = (await import(pathToFileURL(file).href)) as { default: Subcommand }
      return mod.default
    }
  }
  return undefined
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const streams: CliIo = {
    stdin: io?.stdin ?? process.stdin,
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    env: io?.env ?? process.env,
    isTty: io?.isTty ?? Boolean(process.stdout.isTTY),
  }
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name ? streams.stdout : streams.stderr, usage())
    return name ? 0 : 2
  }
  if (name === '--version' || name === '-v') {
    writeLine(streams.stdout, '0.1.0')
    return 0
  }
  const known = SUBCOMMANDS.some(([n]) => n === name)
  const sub = known ? await loadSubcommand(name) : undefined
  if (!sub) {
    writeLine(
      streams.stderr,
      known ? `benchwatch ${name}: not available in this build` : `benchwatch: unknown command "${name}"`
    )
    writeLine(streams.stderr, usage())
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(streams.stdout, sub.usage)
    return 0
  }
  try {
    return await sub.run(rest, streams)
  } catch (error) {
    writeLine(streams.stderr, `benchwatch ${name}: ${describeError(error)}`)
    return 1
  }
}
