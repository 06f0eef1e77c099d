#!/usr/bin/env bash
# Run inside the repository: pushes a one-commit snapshot of HEAD to a Hugging Face Space
# (or any git remote), binary files as Git LFS objects. Your checkout is not touched: the
# snapshot is built in a temporary directory from the committed files (git archive), with
# deploy/space.gitattributes as its .gitattributes. The Space's own first commit is
# replaced, hence --force.
# Only committed files go: it refuses to run with uncommitted changes (a rebuilt index you
# forgot to commit would silently not be pushed) unless --allow-dirty is given.
#   usage: deploy/push_space.sh [--allow-dirty] <space git URL, remote name or path>
#   e.g.   deploy/push_space.sh https://huggingface.co/spaces/<user>/<space-name>
set -euo pipefail
allow_dirty=0
if [ "${1:-}" = "--allow-dirty" ]; then allow_dirty=1; shift; fi
remote=${1:?usage: deploy/push_space.sh [--allow-dirty] <space git URL, remote name or path>}
repo=$(git rev-parse --show-toplevel) # the repository you run it in
git lfs version >/dev/null 2>&1 || { echo "git-lfs is missing: apt-get install -y git-lfs (or brew install git-lfs)" >&2; exit 1; }
if [ "$allow_dirty" = 0 ] && [ -n "$(git -C "$repo" status --porcelain)" ]; then
    echo "uncommitted changes; commit them first (only HEAD is pushed) or pass --allow-dirty" >&2
    exit 1
fi
# the push runs in another repository: a remote name of this one becomes its URL, and
# git-lfs sends objects to a local repository only through a file:// URL
if url=$(git -C "$repo" remote get-url "$remote" 2>/dev/null); then remote=$url; fi
if [ -d "$remote" ]; then remote="file://$(cd "$remote" && pwd)"; fi

snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
git -C "$repo" archive HEAD | tar -x -C "$snapshot"
git -C "$repo" show HEAD:deploy/space.gitattributes >"$snapshot/.gitattributes"

cd "$snapshot"
git init -q -b main
git config core.hooksPath .git/hooks # LFS's pre-push hook here, not in a global hooks folder
git lfs install --local >/dev/null
git add -A
git -c user.name="${GIT_AUTHOR_NAME:-$(git -C "$repo" config user.name || echo deploy)}" \
    -c user.email="${GIT_AUTHOR_EMAIL:-$(git -C "$repo" config user.email || echo deploy@localhost)}" \
    commit -q -m "Snapshot of $(git -C "$repo" rev-parse --short HEAD)"
git push -q --force "$remote" main
echo "pushed snapshot of $(git -C "$repo" rev-parse --short HEAD) to $remote"
