#!/usr/bin/env node
// The TypeScript sources run through tsx's loader, so `npx benchwatch` works right after `npm ci`
// with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/adapters/cli/index.ts')
process.exitCode = await main(process.argv.slice(2))
