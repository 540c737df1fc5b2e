// The one log the tests give the code: it keeps every line, marked by its kind, and the warnings and notices on their
// own, so that a test asserts what a person reading the log would see.
import type { Log } from '../../src/shared/log.js'

export interface RecordedLog extends Log {
  /** Every line in order: info as it is, the others as `notice: `, `warning: `, `error: `, `group: `. */
  lines: string[]
  warnings: string[]
  notices: string[]
  errors: string[]
}

export function recordingLog(): RecordedLog {
  const log: RecordedLog = {
    lines: [],
    warnings: [],
    notices: [],
    errors: [],
    info: (message) => void log.lines.push(message),
    notice: (message) => {
      log.notices.push(message)
      log.lines.push(`notice: ${message}`)
    },
    warning: (message) => {
      log.warnings.push(message)
      log.lines.push(`warning: ${message}`)
    },
    error: (message) => {
      log.errors.push(message)
      log.lines.push(`error: ${message}`)
    },
    group: async (title, body) => {
      log.lines.push(`group: ${title}`)
      return body()
    }
  }
  return log
}
