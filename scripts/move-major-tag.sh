#!/usr/bin/env bash
# Moves the major tag (v1) of a release to that release only when it is the highest release of its major: the rule
# the action keeps for its users' tags, kept for its own. A backport (v1.2.5 after v1.3.0) leaves v1 where it is.
# Reads the repository's tags (the checkout must have them: actions/checkout with fetch-depth: 0) and pushes to REMOTE.
# usage: scripts/move-major-tag.sh TAG [REMOTE]      (TAG: vX.Y.Z; REMOTE: origin unless told)
set -euo pipefail
tag=${1:-}
remote=${2:-origin}
if ! [[ "$tag" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "move-major-tag: release tag '$tag' is not vX.Y.Z (a pre-release or another name moves no major tag)" >&2
  exit 1
fi
major="v${BASH_REMATCH[1]}"
git rev-parse --verify --quiet "refs/tags/$tag^{commit}" >/dev/null || { echo "move-major-tag: tag $tag is not in this checkout (fetch the tags: fetch-depth: 0)" >&2; exit 1; }
# The releases of this major, vX.Y.Z only (a pre-release such as v1.4.0-rc.1 is never the highest), highest last.
highest=$(git tag --list "$major.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -t. -k2,2n -k3,3n | tail -n 1)
if [ "$highest" != "$tag" ]; then
  at=$(git tag --points-at "refs/tags/$major" 2>/dev/null | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -t. -k2,2n -k3,3n | tail -n 1 || true)
  echo "move-major-tag: $major stays ${at:+at }${at:-where it is}: $tag is not the highest release of $major ($highest is)"
  exit 0
fi
commit=$(git rev-parse "$tag^{commit}")
if [ "$(git rev-parse --verify --quiet "refs/tags/$major^{commit}" || true)" = "$commit" ]; then
  echo "move-major-tag: $major is already at $tag ($commit)"
  exit 0
fi
git tag --force "$major" "$commit" >/dev/null
git push --force "$remote" "refs/tags/$major"
echo "move-major-tag: moved $major to $tag ($commit)"
