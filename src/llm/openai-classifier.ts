import { z } from 'zod'
import {
  CONTROVERSY_TAGS,
  type Classification,
  type ClassifiableItem,
} from '../core/classify/index.js'
import { createOfflineClassifier, type Classifier } from '../core/classify/port.js'

/** Settings of the OpenAI-compatible classifier (from LLM_BASE_URL, LLM_API_KEY, LLM_MODEL). */
export interface OpenAiClassifierOptions {
  /** e.g. `https://api.openai.com/v1`; `/chat/completions` is appended. */
  baseUrl: string
  apiKey?: string
  model: string
  /** Whole-request timeout; past it the fallback answers. Default 15 s. */
  timeoutMs?: number
  /** Answers when the LLM cannot (network, HTTP error, timeout, unusable reply). Default: offline model. */
  fallback?: Classifier
  /** Told why the LLM was not used for an item (for logs and metrics). */
  onFallback?: (error: Error, item: ClassifiableItem) => void
  fetch?: typeof fetch
}

const TEXT_CHARS = 4000

const SYSTEM_PROMPT = `You label AI news items for a bot that tracks benchmark controversies.
"controversy": the item reports or alleges that benchmark results are inflated, misleading,
contaminated (test data in training), cherry-picked (e.g. best-of-N against rivals' single tries),
gamed (special or private variants on a leaderboard), not reproducible by independent testers,
obtained under undisclosed conditions, fabricated, or tainted by a conflict of interest.
"not": launches announcing scores, leaderboard updates, new benchmarks, independent checks that
confirm a claim, reports repeating a claim without doubting it, AI scandals not about benchmark
results, and all other news. Items may be English or Russian.
Answer with JSON only: {"label":"controversy"|"not","score":0..1,"tags":[...],"reasons":[...]}
tags (controversies only, from this list): ${CONTROVERSY_TAGS.join(', ')}.
reasons: at most 3 short English phrases quoting the telling words, e.g. "'inflated' about MMLU".`

const replySchema = z.object({
  label: z.enum(['controversy', 'not']),
  score: z.number().min(0).max(1),
  tags: z.array(z.string()).default([]),
  reasons: z.array(z.string()).default([]),
})

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
})

/** Why the LLM answer was not used. */
export class LlmClassifierError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LlmClassifierError'
  }
}

function userMessage(item: ClassifiableItem): string {
  const body = [item.summary, item.text].filter(Boolean).join('\n\n').slice(0, TEXT_CHARS)
  return `Title: ${item.title}\n${body ? `Text: ${body}` : ''}`.trim()
}

function parseReply(content: string): z.infer<typeof replySchema> {
  // Some servers wrap JSON in a Markdown fence even when asked not to.
  const json = content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, '')
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new LlmClassifierError(`reply is not JSON: ${content.slice(0, 80)}`)
  }
  const parsed = replySchema.safeParse(value)
  if (!parsed.success)
    throw new LlmClassifierError(`reply has the wrong shape: ${parsed.error.message}`)
  return parsed.data
}

/**
 * A {@link Classifier} that asks an OpenAI-compatible chat-completions endpoint, with a timeout
 * and the offline model as fallback for any failure. Language and entities always come from the
 * offline analysis; label, score, tags and reasons from the LLM.
 *
 * @example
 * const classifier = createOpenAiClassifier({ baseUrl: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL })
 */
export function createOpenAiClassifier(options: OpenAiClassifierOptions): Classifier {
  const fallback = options.fallback ?? createOfflineClassifier()
  const doFetch = options.fetch ?? fetch
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`
  const timeoutMs = options.timeoutMs ?? 15_000

  async function ask(item: ClassifiableItem): Promise<z.infer<typeof replySchema>> {
    let response: Response
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: userMessage(item) },
          ],
        }),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError'
      throw new LlmClassifierError(
        timedOut
          ? `no answer within ${timeoutMs} ms`
          : `request failed: ${(error as Error).message}`,
        { cause: error }
      )
    }
    let payload: unknown
    try {
      if (!response.ok) throw new LlmClassifierError(`HTTP ${response.status} from ${url}`)
      payload = await response.json()
    } catch (error) {
      if (error instanceof LlmClassifierError) throw error
      const timedOut = (error as Error).name === 'TimeoutError'
      throw new LlmClassifierError(
        timedOut ? `no answer within ${timeoutMs} ms` : 'response is not JSON',
        {
          cause: error,
        }
      )
    }
    const completion = completionSchema.safeParse(payload)
    if (!completion.success) throw new LlmClassifierError('response has no message content')
    return parseReply(completion.data.choices[0]!.message.content)
  }

  return {
    async classify(item) {
      const offline = await fallback.classify(item)
      try {
        const reply = await ask(item)
        const tags = reply.tags.filter((t): t is Classification['tags'][number] =>
          (CONTROVERSY_TAGS as readonly string[]).includes(t)
        )
        return {
          ...offline,
          label: reply.label,
          score: Math.round(reply.score * 1000) / 1000,
          tags: reply.label === 'controversy' ? tags : [],
          reasons: reply.reasons.slice(0, 3),
          modelVersion: `llm:${options.model}`,
        }
      } catch (error) {
        options.onFallback?.(error as Error, item)
        return offline
      }
    },
  }
}
