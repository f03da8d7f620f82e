import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const platformLibraries = ['discord.js', '@discordjs/*', 'discord-api-types', 'discord-api-types/*', 'grammy', 'grammy/*', '@grammyjs/*']
const ioModules = ['node:fs', 'node:fs/promises', 'node:http', 'node:https', 'node:net', 'node:dns', 'node:child_process', 'fs', 'http', 'https', 'net', 'dns', 'undici', 'pg', 'better-sqlite3', 'kysely', 'pino']

const discordFiles = ['src/adapters/discord/**', 'test/adapters/discord/**', 'test/helpers/fake-discord.ts']
const telegramFiles = ['src/adapters/telegram/**', 'test/adapters/telegram/**', 'test/helpers/fake-telegram.ts']
const discordOnly = {
  group: ['discord.js', '@discordjs/*', 'discord-api-types', 'discord-api-types/*'],
  message: 'Only src/adapters/discord may import discord.js.',
}
const telegramOnly = {
  group: ['grammy', 'grammy/*', '@grammyjs/*'],
  message: 'Only src/adapters/telegram may import grammY.',
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Parsers of feeds and HTML legitimately match control characters.
      'no-control-regex': 'off',
    },
  },
  {
    // The core is pure: no I/O, no platform library, no database, nothing from the other folders.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'src/core is pure: no I/O here.' })),
          patterns: [
            { group: platformLibraries, message: 'Only src/adapters/<platform> may import a chat platform library.' },
            { group: ['**/store/*', '**/ingest/*', '**/delivery/*', '**/adapters/*', '**/app.js', '**/config.js', '**/render/*', '**/llm/*'], message: 'src/core imports nothing from the other folders.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'src/core is pure: no network.' }, { name: 'process', message: 'src/core is pure: no env.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'src/core gets time as `now`.' }],
    },
  },
  {
    // Commands are platform-neutral: they return a Reply and never talk to a platform.
    files: ['commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...platformLibraries, '**/adapters/*'], message: 'Commands are platform-neutral.' }] },
      ],
    },
  },
  {
    // Only src/adapters/<platform> (and its tests and fake server) may import a platform library.
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/core/**', ...discordFiles, ...telegramFiles],
    rules: { 'no-restricted-imports': ['error', { patterns: [discordOnly, telegramOnly] }] },
  },
  {
    files: discordFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: [telegramOnly] }] },
  },
  {
    files: telegramFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: [discordOnly] }] },
  }
)
