// HTTP as the edges use it: an answer read whole within a bound in size, and a fetch whose every call (the request
// and the reading of its answer) ends at a bound in time, for the clients that take a fetch of their own (Octokit).
import { withinDeadline } from '../shared/deadline.js'

/** An answer's body larger than a reader's bound. */
export class AnswerTooLarge extends Error {
  constructor(
    readonly what: string,
    readonly max: number,
    readonly status: number
  ) {
    super(`${what}: the answer is larger than ${max} bytes`)
    this.name = 'AnswerTooLarge'
  }
}

/** Reads a response body, refusing one larger than `max` bytes before it is all in memory. */
export async function boundedBody(response: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '')
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined)
    throw new AnswerTooLarge(what, max, response.status)
  }
  if (!response.body) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > max) {
      await response.body.cancel().catch(() => undefined)
      throw new AnswerTooLarge(what, max, response.status)
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

/** Statuses whose answer has no body (a Response refuses one). */
const BODILESS = new Set([101, 204, 205, 304])

/**
 * A fetch bounded in time (`ms`, and the caller's own signal) and in size (`maxBytes`): the answer is read whole
 * before it is handed on, so that no reading of it outlives the bound.
 */
export function boundedFetch(ms: number, maxBytes: number): typeof fetch {
  return (input, init) =>
    withinDeadline(ms, init?.signal ?? undefined, async (signal) => {
      const response = await fetch(input, { ...init, signal })
      const what = `${init?.method ?? 'GET'} ${new URL(response.url || String(input)).pathname}`
      const body = BODILESS.has(response.status) ? null : await boundedBody(response, maxBytes, what)
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
    })
}
