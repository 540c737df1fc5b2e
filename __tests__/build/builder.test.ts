// Creating the builder the action owns: a transient fault tried again, removing what the failed attempt left; a
// fault that outlasts the retries named with its attempts. Through dist/, on the buildx stand-in.
import { describe, expect, it } from '@jest/globals'
import { runAction, runPost } from '../helpers/action.js'
import { dockerSetup } from '../helpers/docker.js'
import { exampleWorkspace } from '../helpers/workspace.js'

describe('creating the builder', () => {
  it('is tried again after a transient fault, removing what the failed attempt left', async () => {
    const docker = dockerSetup({ STANDIN_CREATE_FAILURES: '2' })
    const workspace = exampleWorkspace()
    const run = await runAction({ 'output-type': 'tar', os: 'linux', 'retry-max-wait': '10' }, { workspace, env: docker.env })
    expect(run.exitCode).toBe(0)
    expect(
      docker
        .dockerCalls()
        .map((args) => args.slice(0, 2).join(' '))
        .slice(0, 7)
    ).toEqual(['buildx version', 'buildx create', 'buildx rm', 'buildx create', 'buildx rm', 'buildx create', 'buildx inspect'])
    expect(run.annotations).toEqual([
      expect.stringMatching(/^::warning::docker buildx create velero-multiarch-\w+: registry server error \(5xx\); retry 1 of 3 in \d+\.\d s$/),
      expect.stringMatching(/^::warning::docker buildx create velero-multiarch-\w+: registry server error \(5xx\); retry 2 of 3 in \d+\.\d s$/)
    ])
    await runPost(run.state, { workspace, env: docker.env })
  })

  it('fails, naming the attempts, when the fault outlasts the retries', async () => {
    const docker = dockerSetup({ STANDIN_CREATE_FAILURES: '9' })
    const run = await runAction({ 'output-type': 'tar', os: 'linux', retries: '1', 'retry-max-wait': '5' }, { workspace: exampleWorkspace(), env: docker.env })
    expect(run.exitCode).toBe(1)
    expect(run.annotations.at(-1)).toMatch(
      /^::error::docker buildx create exited with code 1 after 2 attempts:%0AERROR: failed to bootstrap builder: failed to pull moby\/buildkit/
    )
  })
})
