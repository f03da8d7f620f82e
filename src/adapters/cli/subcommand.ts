import type { Readable, Writable } from 'node:stream'

/** Streams and environment a CLI subcommand runs with; tests pass their own. */
export interface CliIo {
  stdin: Readable
  stdout: Writable
  stderr: Writable
  env: NodeJS.ProcessEnv
  /** True when stdout is a terminal (progress output allowed). */
  isTty: boolean
}

/**
 * One `benchwatch <name>` subcommand. `run` returns the exit code: 0 ok, 1 failure, 2 usage.
 * Each lives in `subcommands/<name>.ts` and is loaded only when called, so `benchwatch parse`
 * does not pay for discord.js.
 */
export interface Subcommand {
  name: string
  summary: string
  /** Full usage text shown by `benchwatch <name> --help`. */
  usage: string
  run(args: string[], io: CliIo): Promise<number>
}

/** Identity helper that types a subcommand module's default export. */
export function defineSubcommand(sub: Subcommand): Subcommand {
  return sub
}

/** Writes one line to a stream. */
export function writeLine(stream: Writable, line: string): void {
  stream.write(line.endsWith('\n') ? line : `${line}\n`)
}
