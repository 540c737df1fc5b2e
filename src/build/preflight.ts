// What this machine must be before any build: BuildKit (docker buildx with the docker-container driver) runs on a
// Linux runner, which builds the Windows images too. The docker CLI and buildx's version are the buildx port's to
// check (system/buildx.ts).

/** Refuses a GitHub runner BuildKit does not run on; elsewhere (Docker Desktop on a Mac, say) buildx may well work. */
export function checkRunner(runnerOs: string): void {
  if (runnerOs === 'Windows' || runnerOs === 'macOS') {
    throw new Error(
      `this job runs on a ${runnerOs} runner, where BuildKit (docker buildx with the docker-container driver) does not run. Use a Linux runner (runs-on: ubuntu-latest): it builds the Windows images too.`
    )
  }
}
