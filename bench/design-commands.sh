#!/usr/bin/env bash
# The design's commands, as Velero's Makefile runs them, for the real benchmark: one `docker buildx build` per
# platform with the Makefile's flags, then `docker manifest create/annotate/push/inspect`.
#   MODE=sequential   the Makefile's way: one build after another
#   MODE=together     the same three builds started together
#   MODE=native       one --platform linux/amd64,linux/arm64 build, then the Windows build, then imagetools create
# Environment: BUILDER, IMAGE (repository), CONTEXT, CACHEBUST, NANOSERVER (the Windows base repository whose
# os.version the Makefile reads), GIT_SHA. Prints one line per step: "<seconds> <step>" to stderr.
set -euo pipefail
: "${BUILDER:?}" "${IMAGE:?}" "${CONTEXT:?}" "${CACHEBUST:?}" "${NANOSERVER:?}" "${GIT_SHA:?}"
mode=${MODE:-sequential}
version=main
registry=${IMAGE%/*}
cd "$CONTEXT"

step() { # step NAME COMMAND...: runs it, then says how long it took
  local name=$1; shift
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "design-commands: $name failed" >&2; "$@" >&2; exit 1; }
  echo "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') $name" >&2
}

args=(--build-arg=GOPROXY=https://proxy.golang.org --build-arg=PKG=github.com/vmware-tanzu/velero --build-arg=BIN=velero
  --build-arg=VERSION=$version --build-arg=GIT_SHA=$GIT_SHA --build-arg=GIT_TREE_STATE=clean --build-arg=REGISTRY=$registry
  --build-arg=CACHEBUST=$CACHEBUST --provenance=false --sbom=false)
linux() { docker buildx build --builder "$BUILDER" --pull --output=type=registry --platform="linux/$1" -t "$IMAGE:$version-linux-$1" "${args[@]}" -f Dockerfile .; }
windows() { docker buildx build --builder "$BUILDER" --pull --output=type=registry --platform=windows/amd64 -t "$IMAGE:$version-windows-ltsc2022-amd64" "${args[@]}" --build-arg=OS_VERSION=ltsc2022 -f Dockerfile-Windows .; }
native() { docker buildx build --builder "$BUILDER" --pull --output=type=registry --platform=linux/amd64,linux/arm64 -t "$IMAGE:$version-linux" "${args[@]}" -f Dockerfile .; }

case $mode in
  sequential)
    step build-linux-amd64 linux amd64
    step build-linux-arm64 linux arm64
    step build-windows windows
    ;;
  together)
    linux amd64 >/dev/null 2>&1 & a=$!
    linux arm64 >/dev/null 2>&1 & b=$!
    windows >/dev/null 2>&1 & c=$!
    start=$EPOCHREALTIME
    wait $a && wait $b && wait $c
    echo "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') builds-together" >&2
    ;;
  native)
    step build-linux-native native
    step build-windows windows
    step imagetools-create docker buildx imagetools create --builder "$BUILDER" -t "$IMAGE:$version" "$IMAGE:$version-linux" "$IMAGE:$version-windows-ltsc2022-amd64"
    exit 0
    ;;
  *) echo "design-commands: MODE $mode?" >&2; exit 2 ;;
esac

step manifest-create docker manifest create --amend --insecure "$IMAGE:$version" "$IMAGE:$version-linux-amd64" "$IMAGE:$version-linux-arm64" "$IMAGE:$version-windows-ltsc2022-amd64"
start=$EPOCHREALTIME
full=$(docker manifest inspect --insecure "$NANOSERVER:ltsc2022" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).manifests[0].platform["os.version"]))')
echo "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') nanoserver-os-version" >&2
step manifest-annotate docker manifest annotate --os windows --arch amd64 --os-version "$full" "$IMAGE:$version" "$IMAGE:$version-windows-ltsc2022-amd64"
step manifest-push docker manifest push --purge --insecure "$IMAGE:$version"
step manifest-inspect docker manifest inspect --insecure "$IMAGE:$version"
