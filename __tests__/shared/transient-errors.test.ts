// Messages as the docker CLI and buildx print them (the docker CLI's seen on this machine against a faulty
// registry; buildx's in the wording of containerd's resolver, as users quote them in public issue threads).
import { describe, expect, it } from '@jest/globals'
import { classifyBuildError, classifyRegistryError } from '../../src/shared/transient-errors.js'

describe('docker manifest messages', () => {
  it.each([
    ['toomanyrequests: rate limit exceeded; retry after 7 seconds', true, 'rate limited (429)', 7],
    [
      'failed to put manifest 127.0.0.1:34777/r/velero:main: received unexpected HTTP status: 503 Service Unavailable',
      true,
      'registry server error (5xx)',
      undefined
    ],
    ['received unexpected HTTP status: 502 Bad Gateway', true, 'registry server error (5xx)', undefined],
    ['failed to configure transport: error pinging v2 registry: Get "http://127.0.0.1:5066/v2/": EOF', true, 'connection dropped', undefined],
    [
      'failed to configure transport: error pinging v2 registry: Get "https://127.0.0.1:5067/v2/": dial tcp 127.0.0.1:5067: connect: connection refused',
      true,
      'connection refused',
      undefined
    ],
    ['Get "https://ghcr.io/v2/": net/http: TLS handshake timeout', true, 'timeout', undefined],
    ['cannot reuse body, request must be retried', true, 'request body could not be resent', undefined],
    ['Get "http://127.0.0.1:5066/v2/a/b/manifests/c": no basic auth credentials', false, 'not authorized', undefined],
    ['errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required', false, 'not authorized', undefined],
    ['no such manifest: 127.0.0.1:5055/velero:nope', false, 'manifest not found', undefined],
    ['open /root/.docker/manifests/x: permission denied', false, 'not a registry fault', undefined],
    ['Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client', false, 'the registry speaks plain HTTP', undefined],
    ['127.0.0.1:5000/app:attested is a manifest list', false, 'the entry is a manifest list, not an image', undefined],
    [
      'failed to put manifest 127.0.0.1:5000/velero:v1.403.0: received unexpected HTTP status: 503 Service Unavailable',
      true,
      'registry server error (5xx)',
      undefined
    ],
    ['ERROR: failed commit on ref "index-sha256:50ed": unexpected status: 503 Service Unavailable', true, 'registry server error (5xx)', undefined],
    ['Head "https://registry.example.com/v2/app/manifests/main": HTTP/1.1 401', false, 'not authorized', undefined],
    ['the list was pushed 401 times', false, 'not a registry fault', undefined],
    [
      'pushing 127.0.0.1:5000/velero:main-linux-amd64 took 503 ms\nreceived unexpected HTTP status: 502 Bad Gateway',
      true,
      'registry server error (5xx)',
      undefined
    ]
  ])('%s', (message, transient, reason, retryAfterSeconds) => {
    const classification = classifyRegistryError(message)
    expect(classification).toMatchObject({ transient, reason })
    expect(classification.retryAfterSeconds).toBe(retryAfterSeconds)
  })

  it('gives the fix for what is not transient but has a likely cause', () => {
    expect(classifyRegistryError('no basic auth credentials').hint).toBe('log in to the registry first (docker/login-action)')
    expect(classifyRegistryError('http: server gave HTTP response to HTTPS client').hint).toBe('set insecure-registry: true')
  })
})

describe('buildx messages', () => {
  it.each([
    [
      'ERROR: failed to solve: failed to push 127.0.0.1:5000/v:main-linux-amd64: unexpected status from PUT request to http://127.0.0.1:5000/v2/v/manifests/main-linux-amd64: 503 Service Unavailable',
      true
    ],
    [
      'ERROR: failed to solve: failed to push docker.io/velero/velero:main: unexpected status from PUT request to https://registry-1.docker.io/v2/velero/velero/blobs/uploads/x: 429 Too Many Requests',
      true
    ],
    ['ERROR: failed to solve: failed to copy: failed to do request: Put "https://ghcr.io/v2/o/v/blobs/upload/x": read: connection reset by peer', true],
    // BuildKit 0.11.6 on a connection the registry dropped during a blob upload (seen here, through the fault proxy).
    [
      '#9 pushing layers 0.1s done\n#9 ERROR: failed to push 127.0.0.1:45823/dropped/velero:main-linux-amd64: failed commit on ref "config-sha256:15a9aba0337e": io: read/write on closed pipe\nERROR: failed to solve: failed to push 127.0.0.1:45823/dropped/velero:main-linux-amd64: failed commit on ref "config-sha256:15a9aba0337e": io: read/write on closed pipe',
      true
    ],
    [
      '#12 exporting to image\n#12 pushing layers 0.3s done\nERROR: failed to solve: failed to do request: Head "https://quay.io/v2/": dial tcp: i/o timeout',
      true
    ],
    ['ERROR: failed to solve: process "/bin/sh -c go build -o /out/velero ./cmd/velero" did not complete successfully: exit code: 1', false],
    [
      '#8 ERROR: connection refused while downloading modules\nERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1',
      false
    ],
    [
      'ERROR: failed to solve: failed to push ghcr.io/o/v:main: unexpected status from HEAD request to https://ghcr.io/v2/o/v/blobs/sha256:ab: 401 Unauthorized',
      false
    ],
    ['ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory', false],
    ['ERROR: failed to solve: nanoserver:ltsc2019: failed to resolve source metadata for mcr.microsoft.com/windows/nanoserver:ltsc2019: not found', false],
    // Numbers elsewhere in the log or the message are not status codes: only the final error, and a status only as
    // the tools print one.
    [
      '#9 3.401 go: downloading github.com/pkg/errors v0.9.1\n#9 DONE 4.0s\n#12 exporting to image\nERROR: failed to solve: failed to push 127.0.0.1:5000/v:main-linux-amd64: unexpected status from PUT request to http://127.0.0.1:5000/v2/v/manifests/main-linux-amd64: 503 Service Unavailable',
      true
    ],
    [
      'ERROR: failed to solve: failed to push ghcr.io/o/velero:v1.403.0-linux-amd64: unexpected status from PUT request to https://ghcr.io/v2/o/velero/manifests/v1.403.0-linux-amd64: 503 Service Unavailable',
      true
    ],
    // BuildKit 0.32, after its own four attempts (seen here, through the fault proxy).
    [
      '#9 7.188 error: failed commit on ref "manifest-sha256:1190": unexpected status from PUT request to http://127.0.0.1:35557/v2/say401/velero/manifests/main-linux-amd64: 503 Service Unavailable\n#9 ERROR: failed to push 127.0.0.1:35557/say401/velero:main-linux-amd64: unavailable\nERROR: failed to build: failed to solve: failed to push 127.0.0.1:35557/say401/velero:main-linux-amd64: unavailable',
      true
    ],
    [
      '#7 0.401 error: unauthorized tests skipped\n#9 exporting to image\nERROR: failed to solve: failed to do request: Put "https://ghcr.io/v2/o/v/blobs/uploads/x": read: connection reset by peer',
      true
    ]
  ])('%s', (log, transient) => {
    expect(classifyBuildError(log).transient).toBe(transient)
  })
})
