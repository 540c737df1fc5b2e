// The docker CLI and buildx report registry failures only as text. Which failures are worth another try is
// decided here, in one place, from their messages (each pattern is tested against messages those tools print).

export interface Classification {
  transient: boolean
  /** Short reason, for the log line of a retry or the error. */
  reason: string
  /** Seconds the registry asked us to wait, when the message says. */
  retryAfterSeconds?: number
  /** Advice for a failure that is not transient but has a likely cause. */
  hint?: string
}

// Failures that say nothing good will come of trying again. Checked first.
const PERMANENT: Array<[RegExp, string, string?]> = [
  [/server gave HTTP response to HTTPS client/i, 'the registry speaks plain HTTP', 'set insecure-registry: true'],
  [/\b(unauthorized|authentication required|(?<!permission )denied|forbidden|insufficient_scope)\b|no basic auth credentials|\b40[13]\b/i, 'not authorized', 'log in to the registry first (docker/login-action)'],
  [/manifest unknown|no such manifest|not found: not found|MANIFEST_UNKNOWN/i, 'manifest not found'],
  [/is a manifest list/i, 'the entry is a manifest list, not an image']
]

const TRANSIENT: Array<[RegExp, string]> = [
  [/\b429\b|too ?many ?requests|toomanyrequests|rate limit/i, 'rate limited (429)'],
  [/\b50[0234]\b|internal server error|bad gateway|service unavailable|gateway time-?out/i, 'registry server error (5xx)'],
  // BuildKit 0.11 reports a connection dropped mid-upload as a write on a closed pipe.
  [/connection reset by peer|ECONNRESET|broken pipe|read\/write on closed pipe|unexpected EOF|": EOF\b|\bEOF$/im, 'connection dropped'],
  [/connection refused|ECONNREFUSED/i, 'connection refused'],
  [/i\/o timeout|TLS handshake timeout|context deadline exceeded|timed? ?out|ETIMEDOUT/i, 'timeout'],
  [/cannot reuse body/i, 'request body could not be resent']
]

// A build is retried only for its push: a failing RUN step or Dockerfile is not a registry fault.
const BUILD_PUSH_CONTEXT = /failed to (push|do request|copy|commit|authorize|fetch oauth token)|unexpected status from (PUT|POST|PATCH|HEAD|GET) request|exporting to image|pushing layers|pushing manifest/i
const BUILD_STEP_FAILURE = /did not complete successfully|failed to (read|parse) dockerfile|dockerfile parse error|failed to compute cache key/i

function retryAfter(text: string): number | undefined {
  const match = /retry[- ]after[:=]?\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?)?/i.exec(text)
  if (!match) return undefined
  const value = Number(match[1])
  return match[2]?.toLowerCase() === 'ms' ? value / 1000 : value
}

/** Classifies the output of a failed docker manifest command. */
export function classifyRegistryError(text: string): Classification {
  for (const [pattern, reason, hint] of PERMANENT) {
    if (pattern.test(text)) return { transient: false, reason, ...(hint ? { hint } : {}) }
  }
  for (const [pattern, reason] of TRANSIENT) {
    if (pattern.test(text)) return { transient: true, reason, retryAfterSeconds: retryAfter(text) }
  }
  return { transient: false, reason: 'not a registry fault' }
}

/** Classifies the end of a failed build's log: transient only when its push to the registry failed. */
export function classifyBuildError(logTail: string): Classification {
  const errorLines = logTail
    .split('\n')
    .filter((line) => /ERROR|error:/i.test(line))
    .join('\n')
  const text = errorLines || logTail
  if (BUILD_STEP_FAILURE.test(text) || !BUILD_PUSH_CONTEXT.test(text)) return { transient: false, reason: 'the build itself failed' }
  return classifyRegistryError(text)
}
