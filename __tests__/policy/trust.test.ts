// What a run caused by a fork may have: no cache that trusted builds read, no build argument whose name looks secret. Pure.
import { describe, expect, it } from '@jest/globals'
import { looksSecret, nameWords } from '../../src/inputs/secrets.js'
import { forkMayWriteCache, withholdFromFork } from '../../src/policy/trust.js'
import { settingsOf, WORKSPACE } from '../helpers/plan.js'

const forkPullRequest = { fork: true, baseScope: false }
const forkInBaseScope = { fork: true, baseScope: true }

describe("a fork's cache destinations", () => {
  it.each<[string, boolean, boolean]>([
    ['type=registry,ref=ghcr.io/org/cache:linux-amd64,mode=max', false, false],
    ['ghcr.io/org/cache:linux-amd64', false, false],
    ['type=s3,region=eu-west-1,bucket=cache', false, false],
    ['type=azblob,account_url=https://x.blob.core.windows.net,name=cache', false, false],
    ['type=local,dest=/home/runner/shared-cache', false, false],
    ['type=local,dest=../outside', false, false],
    ['type=local,dest=.cache/buildx', true, true],
    ['type=inline', true, true],
    ['type=gha,scope=linux-amd64', true, false],
    ['type=somethingnew,x=y', false, false]
  ])("%s: written by a fork pull request %s, under the base repository's scope %s", (spec, inPullRequest, inBaseScope) => {
    expect(forkMayWriteCache(spec, forkPullRequest, WORKSPACE)).toBe(inPullRequest)
    expect(forkMayWriteCache(spec, forkInBaseScope, WORKSPACE)).toBe(inBaseScope)
  })

  it('are withheld with a warning naming them; cache-from stays', () => {
    const settings = settingsOf({
      'cache-from': 'type=registry,ref=ghcr.io/org/cache:{platform}',
      'cache-to': 'type=registry,ref=ghcr.io/org/cache:{platform},mode=max\ntype=gha'
    })
    const trusted = withholdFromFork(settings, forkInBaseScope, WORKSPACE)
    expect(trusted.settings.cacheTo).toEqual([])
    expect(trusted.settings.cacheFrom).toEqual(settings.cacheFrom)
    expect(trusted.warnings).toEqual([
      "this run builds a fork's code, so it writes no cache that trusted builds read: cache-to type=registry,ref=ghcr.io/org/cache:{platform},mode=max, type=gha are withheld (cache-from stays); under the base repository's cache scope type=gha is withheld too"
    ])
    expect(withholdFromFork(settings, forkPullRequest, WORKSPACE).settings.cacheTo).toEqual(['type=gha'])
  })

  it('are all written when the run is not a fork', () => {
    const settings = settingsOf({ 'cache-to': 'type=registry,ref=ghcr.io/org/cache' })
    expect(withholdFromFork(settings, { fork: false, baseScope: false }, WORKSPACE).settings.cacheTo).toEqual(['type=registry,ref=ghcr.io/org/cache'])
  })
})

describe('build argument names that look secret (docs/secrets.md: the names a fork never gets)', () => {
  it.each<[string, boolean]>([
    // Today's four, anywhere in the name.
    ['DB_PASSWORD', true],
    ['githubToken', true],
    ['CLIENT_SECRET', true],
    ['APIKEY', true],
    // The words, whole, split at _, -, case changes and digits.
    ['GH_AUTH', true],
    ['NPM_PAT', true],
    ['REGISTRY_CREDENTIALS', true],
    ['AWS_CREDS', true],
    ['GCP_CRED', true],
    ['CREDENTIAL', true],
    ['DB_PASSWD', true],
    ['MYSQL_PWD', true],
    ['PRIVATE_PEM', true],
    ['TLS_CERT', true],
    ['npmAuth', true],
    ['ghPat', true],
    ['HTTPAuth', true],
    ['pat2', true],
    ['signing-cert', true],
    // Inside another word they are not.
    ['PATH', false],
    ['GOPATH', false],
    ['AUTHOR', false],
    ['CERTAINTY', false],
    ['PRIVATEER', false],
    ['VERSION', false],
    ['GIT_SHA', false],
    ['OS_VERSION', false],
    ['PKG', false]
  ])('%s: %s', (name, secret) => {
    expect(looksSecret(name)).toBe(secret)
  })

  it('splits a name into its words', () => {
    expect(nameWords('npmAuthToken')).toEqual(['NPM', 'AUTH', 'TOKEN'])
    expect(nameWords('HTTPAuth')).toEqual(['HTTP', 'AUTH'])
    expect(nameWords('REGISTRY_CREDENTIALS-2')).toEqual(['REGISTRY', 'CREDENTIALS', '2'])
    expect(nameWords('pat2x')).toEqual(['PAT', '2', 'X'])
  })
})
