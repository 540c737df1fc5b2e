// The log every stage writes to (a GitHub Actions step's, or the command line's), and how a command is shown in it.

export interface Log {
  info(message: string): void
  /** Something a user should know that is not wrong (an alias left where it is, and why). */
  notice(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Folds the lines logged inside into one group in the Actions log. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

/** Quotes an argument only where a reader pasting the line into a shell would need it. */
export function quoteArgument(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

export function commandLine(program: string, args: string[]): string {
  return [program, ...args].map(quoteArgument).join(' ')
}

/** The log of a GitHub Actions step: annotations for warnings and errors, folded groups. */
export function actionLog(core: typeof import('@actions/core')): Log {
  return {
    info: (message) => core.info(message),
    notice: (message) => core.notice(message),
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    group: (title, body) => core.group(title, body)
  }
}

/** The command line's log: plain lines, warnings and errors marked, groups as headings. */
export function consoleLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Log {
  return {
    info: (message) => write(message),
    notice: (message) => write(`notice: ${message}`),
    warning: (message) => write(`warning: ${message}`),
    error: (message) => write(`error: ${message}`),
    group: async (title, body) => {
      write(`== ${title}`)
      return body()
    }
  }
}
