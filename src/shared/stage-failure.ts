// A stage that fails after it did part of its work (some builds failed; some tags moved) says what it did, so that
// the report, the outputs and the job summary still show it: the failure carries the stage's result so far.

export class StageFailure<T> extends Error {
  constructor(
    readonly cause: Error,
    /** What the stage did before it failed. */
    readonly partial: T
  ) {
    super(cause.message)
    this.name = cause.name
  }
}

/** The error a failure stands for: a stage's own, or the one it carries. */
export const causeOf = (error: unknown): Error => (error instanceof StageFailure ? (error.cause as Error) : (error as Error))
