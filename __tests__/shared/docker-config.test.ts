// Where a registry's login is, read as docker reads config.json: pure, the config given as data.
import { describe, expect, it } from '@jest/globals'
import { DOCKER_HUB_KEYS, keyHost, storedLogin } from '../../src/shared/docker-config.js'
import { endpointOf, parseChallenge } from '../../src/system/registry/client.js'

const FILE = '/home/runner/.docker/config.json'
const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64')

describe("Docker Hub's login", () => {
  it.each(DOCKER_HUB_KEYS)('is found under %s, for an image of docker.io', (key) => {
    expect(storedLogin({ auths: { [key]: { auth: basic('hub', 'pw') } } }, FILE, 'docker.io')).toEqual({
      kind: 'password',
      username: 'hub',
      password: 'pw',
      from: `${FILE}: auths["${key}"]`
    })
  })

  it("prefers docker login's own key when several are there", () => {
    const config = { auths: { 'registry-1.docker.io': { auth: basic('old', 'x') }, 'https://index.docker.io/v1/': { auth: basic('hub', 'pw') } } }
    expect(storedLogin(config, FILE, 'docker.io')).toMatchObject({ username: 'hub' })
  })

  it('asks a helper for https://index.docker.io/v1/, as docker does', () => {
    expect(storedLogin({ credsStore: 'desktop' }, FILE, 'docker.io')).toEqual({
      kind: 'helper',
      helper: 'desktop',
      serverUrl: 'https://index.docker.io/v1/',
      from: `${FILE}: credsStore`
    })
  })

  it('lives on registry-1.docker.io, with library/ for official images', () => {
    expect(endpointOf('velero/velero')).toEqual({ host: 'docker.io', apiHost: 'registry-1.docker.io', path: 'velero/velero' })
    expect(endpointOf('alpine')).toEqual({ host: 'docker.io', apiHost: 'registry-1.docker.io', path: 'library/alpine' })
    expect(endpointOf('ghcr.io/org/app')).toEqual({ host: 'ghcr.io', apiHost: 'ghcr.io', path: 'org/app' })
  })
})

describe('the login of another registry', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/v2/', 'ghcr.io'],
    ['http://127.0.0.1:5000', '127.0.0.1:5000']
  ])('is found under the key %s, as docker turns it into the host %s', (key, host) => {
    expect(keyHost(key)).toBe(host)
    expect(storedLogin({ auths: { [key]: { auth: basic('u', 'p') } } }, FILE, host)).toMatchObject({ kind: 'password', username: 'u', password: 'p' })
  })

  it("is not another host's", () => {
    expect(storedLogin({ auths: { 'ghcr.io.evil.example': { auth: basic('u', 'p') } } }, FILE, 'ghcr.io')).toBeUndefined()
    expect(storedLogin({ auths: { 'ghcr.io': { auth: basic('u', 'p') } } }, FILE, 'docker.io')).toBeUndefined()
  })

  it("is looked up in docker's order: credHelpers for the host, then credsStore, then auths", () => {
    const config = { credHelpers: { 'ghcr.io': 'gh' }, credsStore: 'desktop', auths: { 'ghcr.io': { auth: basic('u', 'p') } } }
    expect(storedLogin(config, FILE, 'ghcr.io')).toMatchObject({ kind: 'helper', helper: 'gh', serverUrl: 'ghcr.io' })
    expect(storedLogin(config, FILE, 'quay.io')).toMatchObject({ kind: 'helper', helper: 'desktop', serverUrl: 'quay.io' })
    expect(storedLogin({ auths: config.auths }, FILE, 'ghcr.io')).toMatchObject({ kind: 'password' })
  })

  it('takes an identity token before a password', () => {
    expect(
      storedLogin(
        { auths: { 'myacr.azurecr.io': { auth: basic('00000000-0000-0000-0000-000000000000', ''), identitytoken: 'refresh' } } },
        FILE,
        'myacr.azurecr.io'
      )
    ).toEqual({
      kind: 'identity-token',
      token: 'refresh',
      from: `${FILE}: auths["myacr.azurecr.io"]`
    })
  })

  it.each([
    [{ credHelpers: { 'ghcr.io': '../../bin/sh' } }, "credHelpers names '../../bin/sh' for ghcr.io, which is not a helper name"],
    [{ credsStore: 'a b' }, "credsStore 'a b' is not a helper name"],
    [{ auths: { 'ghcr.io': { auth: Buffer.from('no colon').toString('base64') } } }, 'its auth is not base64 of user:password']
  ])('refuses a config docker login would not write, naming the file and the entry: %j', (config, problem) => {
    expect(() => storedLogin(config, FILE, 'ghcr.io')).toThrow(`${FILE}: `)
    expect(() => storedLogin(config, FILE, 'ghcr.io')).toThrow(problem)
  })
})

describe("a registry's challenge", () => {
  it('names its token service, the service and the scope', () => {
    expect(parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:org/app:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:org/app:pull' }
    })
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic', params: { realm: 'Registry Realm' } })
    expect(parseChallenge('Negotiate')).toBeUndefined()
  })
})
