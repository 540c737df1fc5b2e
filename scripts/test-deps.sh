#!/usr/bin/env bash
# Installs what the tests need on a Debian machine, as root: Debian's docker-registry, skopeo, git, runc and
# docker.io (dockerd for the docker output; a docker CLI where the machine has none), Debian's busybox-static .deb
# for amd64 and arm64 (the tests' Linux base image, fetched here so that the tests never call apt), and real docker
# buildx and buildkitd from shared/buildkit. Idempotent. usage: scripts/test-deps.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/.cache
export DEBIAN_FRONTEND=noninteractive

need=()
for program in docker-registry skopeo git runc dockerd dpkg-deb; do command -v "$program" >/dev/null || need+=("$program"); done
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

# shared/buildkit sits next to this repository's checkout (or is named by SHARED_DIR).
shared=""
for dir in "${SHARED_DIR:-}" "$root/../shared" "$root/../../shared" /work/shared; do
  if [ -n "$dir" ] && [ -x "$dir/buildkit/install" ]; then shared=$dir; break; fi
done
if [ -z "$shared" ]; then
  echo "test-deps: no shared/buildkit found next to $root (set SHARED_DIR)" >&2
  exit 1
fi
"$shared/buildkit/install" "$cache/buildkit" >/dev/null
"$cache/buildkit/bin/docker-buildx" version
"$cache/buildkit/bin/buildkitd" --version
