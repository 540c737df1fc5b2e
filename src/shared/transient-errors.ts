// The docker CLI and buildx report registry failures only as text. Which failures are worth another try is
// decided here, in one place, from the failing attempt's final error (each pattern is tested against messages those
// tools print). A build's log holds much else (`#9 3.401 go: downloading github.com/pkg/errors`, a tag such as
// `v1.403.0`): only the final error counts, and a status code counts only as the tools print one.

export interface Classification {
  transient: boolean
  /** Short reason, for the log line of a retry or the error. */
  reason: string
  /** Seconds the registry asked us to wait, when the message says. */
  retryAfterSeconds?: number
  /** Advice for a failure that is not transient but has a likely cause. */
  hint?: string
}

/**
 * The final error of a failed command's output: the last line of buildx's `ERROR: ...` (docker's `error: ...`), or
 * else the last line it printed, as the docker CLI ends with its error.
 */
export function finalError(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  return [...lines].reverse().find((line) => /^(ERROR|error)\b:?/.test(line)) ?? lines[lines.length - 1] ?? ''
}

const REASONS: Record<string, string> = {
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Time-?out'
}

/**
 * A status as the tools print one: with its reason phrase (`503 Service Unavailable`, `received unexpected HTTP
 * status: 429 Too Many Requests`) or after `status` or `HTTP/1.1` (`HTTP/1.1 401`); never a bare number.
 */
function status(...codes: string[]): RegExp {
  const phrases = codes.map((code) => `${code} ${REASONS[code]}`).join('|')
  return new RegExp(`\\b(${phrases})\\b|(\\bstatus(?: code)?:?|\\bHTTP\\/\\d(?:\\.\\d)?)\\s+(${codes.join('|')})\\b`, 'i')
}

// Failures that say nothing good will come of trying again. Checked first.
const PERMANENT: Array<[RegExp, string, string?]> = [
  [/server gave HTTP response to HTTPS client/i, 'the registry speaks plain HTTP', 'set insecure-registry: true'],
  [
    /\b(unauthorized|authentication required|(?<!permission )denied|forbidden|insufficient_scope)\b|no basic auth credentials/i,
    'not authorized',
    'log in to the registry first (docker/login-action)'
  ],
  [status('401', '403'), 'not authorized', 'log in to the registry first (docker/login-action)'],
  [/manifest unknown|no such manifest|not found: not found|MANIFEST_UNKNOWN/i, 'manifest not found'],
  [/is a manifest list/i, 'the entry is a manifest list, not an image']
]

const TRANSIENT: Array<[RegExp, string]> = [
  [/too ?many ?requests|toomanyrequests|rate limit/i, 'rate limited (429)'],
  [status('429'), 'rate limited (429)'],
  [status('500', '502', '503', '504'), 'registry server error (5xx)'],
  // The registry's error code for a 503 (the distribution spec's UNAVAILABLE), as BuildKit 0.32 ends with it.
  [/: (service )?unavailable\b/i, 'registry server error (5xx)'],
  // BuildKit 0.11 reports a connection dropped mid-upload as a write on a closed pipe.
  [/connection reset by peer|ECONNRESET|broken pipe|read\/write on closed pipe|unexpected EOF|": EOF\b|\bEOF$/im, 'connection dropped'],
  [/connection refused|ECONNREFUSED/i, 'connection refused'],
  [/i\/o timeout|TLS handshake timeout|context deadline exceeded|timed? ?out|ETIMEDOUT/i, 'timeout'],
  [/cannot reuse body/i, 'request body could not be resent']
]

// A build is retried only for its push: a failing RUN step or Dockerfile is not a registry fault.
const BUILD_PUSH_CONTEXT =
  /failed to (push|do request|copy|commit|authorize|fetch oauth token)|unexpected status from (PUT|POST|PATCH|HEAD|GET) request|failed commit on ref/i
const BUILD_STEP_FAILURE = /did not complete successfully|failed to (read|parse) dockerfile|dockerfile parse error|failed to compute cache key/i

function retryAfter(text: string): number | undefined {
  const match = /retry[- ]after[:=]?\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?)?/i.exec(text)
  if (!match) return undefined
  const value = Number(match[1])
  return match[2]?.toLowerCase() === 'ms' ? value / 1000 : value
}

function classifyError(text: string): Classification {
  for (const [pattern, reason, hint] of PERMANENT) {
    if (pattern.test(text)) return { transient: false, reason, ...(hint ? { hint } : {}) }
  }
  for (const [pattern, reason] of TRANSIENT) {
    if (pattern.test(text)) return { transient: true, reason, retryAfterSeconds: retryAfter(text) }
  }
  return { transient: false, reason: 'not a registry fault' }
}

/** Classifies the output of a failed imagetools or buildx create command, by its final error. */
export function classifyRegistryError(output: string): Classification {
  return classifyError(finalError(output))
}

/** Classifies a failed build's output: transient only when its final error is a failed push to the registry. */
export function classifyBuildError(output: string): Classification {
  const text = finalError(output)
  if (BUILD_STEP_FAILURE.test(text) || !BUILD_PUSH_CONTEXT.test(text)) return { transient: false, reason: 'the build itself failed' }
  return classifyError(text)
}
