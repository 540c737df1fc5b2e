// The ports a run on this machine gets: the real ones, bounded; for a dry run the dry twins of those that act
// (buildx, the registries, the result files, the GitHub API, Sigstore) and the real ones of those that only read.
import { describe, expect, it } from '@jest/globals'
import os from 'node:os'
import { BuildxCli } from '../../src/system/buildx.js'
import { DryBuildx, DryGitHub, DryGitHubApi, DryRegistries, DryResultFiles } from '../../src/system/dry-run.js'
import { machineEdges } from '../../src/system/edges.js'
import { GitCli } from '../../src/system/git.js'
import { GitHubPort, OctokitApi } from '../../src/system/github.js'
import { HttpRegistries } from '../../src/system/registry/registries.js'
import { LocalResultFiles } from '../../src/system/result-files.js'
import { ProcessRunner } from '../../src/system/runner.js'
import { DrySigstore, SigstoreServices } from '../../src/system/sigstore.js'
import { DryWorkspace, LocalWorkspace } from '../../src/system/workspace.js'
import { recordingLog } from '../helpers/log.js'

const settings = { commandTimeout: 30, retries: 1, retryMaxWait: 5, githubToken: 't', context: '.', role: 'all' as const }
const inWorkflow = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'org/app', GITHUB_SHA: 'a'.repeat(40) }
const edgesIn = (env: NodeJS.ProcessEnv) =>
  machineEdges({ env, workspace: os.tmpdir(), log: recordingLog(), runner: new ProcessRunner(), onBuilderCreated: () => undefined })

describe('the ports of a run on this machine', () => {
  it('are the real ones for a run that is not dry, the GitHub API only in a workflow', () => {
    const ports = edgesIn(inWorkflow).forRun({ ...settings, dryRun: false })
    expect([ports.buildx, ports.registries, ports.results, ports.sigstore, ports.git, ports.workspace, ports.github]).toEqual([
      expect.any(BuildxCli),
      expect.any(HttpRegistries),
      expect.any(LocalResultFiles),
      expect.any(SigstoreServices),
      expect.any(GitCli),
      expect.any(LocalWorkspace),
      expect.any(GitHubPort)
    ])
    expect(ports.github.api).toBeInstanceOf(OctokitApi)
    expect(edgesIn({}).forRun({ ...settings, dryRun: false }).github.api).toBeUndefined()
  })

  it('are the dry twins of those that act for a dry run, and the real ones of those that only read', () => {
    const ports = edgesIn(inWorkflow).forRun({ ...settings, dryRun: true })
    expect([ports.buildx, ports.registries, ports.results, ports.sigstore, ports.workspace, ports.github, ports.github.api]).toEqual([
      expect.any(DryBuildx),
      expect.any(DryRegistries),
      expect.any(DryResultFiles),
      expect.any(DrySigstore),
      expect.any(DryWorkspace),
      expect.any(DryGitHub),
      expect.any(DryGitHubApi)
    ])
    expect(ports.git).toBeInstanceOf(GitCli)
  })
})
