#!/usr/bin/env bash
# The real comparison, where real buildx and a Docker engine exist (this repository's CI machine has neither):
# three ways to publish linux/amd64, linux/arm64 and windows/amd64 (ltsc2022) under one tag, cold compile each
# time, all on one builder:
#   makefile   the Makefile's way: one build per platform, one after another, then docker manifest
#   action     this action (its command line), builds started together
#   native     one native `--platform linux/amd64,linux/arm64` build plus the Windows build, then imagetools
# Needs: docker with buildx, QEMU for arm64 (docker run --privileged --rm tonistiigi/binfmt --install arm64),
# network access to pull golang and nanoserver. Usage: bench/real-buildx.sh [runs]   (from the repository root)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
registry=localhost:5000
builder=velero-bench

docker run -d --rm --name velero-bench-registry -p 5000:5000 registry:2 >/dev/null
config=$(mktemp)
printf '[registry."%s"]\n  http = true\n  insecure = true\n' "$registry" > "$config"
docker buildx create --name "$builder" --driver docker-container --driver-opt network=host --config "$config" --bootstrap >/dev/null
cleanup() { docker buildx rm "$builder" >/dev/null 2>&1 || true; docker stop velero-bench-registry >/dev/null 2>&1 || true; }
trap cleanup EXIT

cd "$root/examples"
common=(--builder "$builder" --no-cache --provenance=false --sbom=false --push)
now() { date +%s.%N; }

makefile() {
  local image=$registry/makefile/velero
  docker buildx build "${common[@]}" --platform linux/amd64 -t "$image:main-linux-amd64" -f Dockerfile .
  docker buildx build "${common[@]}" --platform linux/arm64 -t "$image:main-linux-arm64" -f Dockerfile .
  docker buildx build "${common[@]}" --platform windows/amd64 --build-arg OS_VERSION=ltsc2022 -t "$image:main-windows-ltsc2022-amd64" -f Dockerfile-Windows .
  docker manifest rm "$image:main" >/dev/null 2>&1 || true
  docker manifest create --amend --insecure "$image:main" "$image:main-linux-amd64" "$image:main-linux-arm64" "$image:main-windows-ltsc2022-amd64"
  docker manifest push --purge --insecure "$image:main"
}

action() {
  node "$root/dist/cli/index.js" --output-type registry --registry "$registry/action" --insecure-registry \
    --os linux,windows --arch amd64,arm64 --buildx-instance "$builder" --no-cache
}

native() {
  local image=$registry/native/velero
  docker buildx build "${common[@]}" --platform linux/amd64,linux/arm64 -t "$image:main-linux" -f Dockerfile . &
  docker buildx build "${common[@]}" --platform windows/amd64 --build-arg OS_VERSION=ltsc2022 -t "$image:main-windows-ltsc2022-amd64" -f Dockerfile-Windows . &
  wait
  docker buildx imagetools create --builder "$builder" -t "$image:main" "$image:main-linux" "$image:main-windows-ltsc2022-amd64"
}

printf 'run\tmakefile s\taction s\tnative s\n'
for run in $(seq "$runs"); do
  line="$run"
  for way in makefile action native; do
    start=$(now)
    "$way" >/dev/null 2>&1
    line="$line\t$(echo "$(now) - $start" | bc)"
  done
  printf '%b\n' "$line"
done
