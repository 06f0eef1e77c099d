#!/usr/bin/env bash
# Push a one-commit snapshot of HEAD to a Hugging Face Space (or any git remote), binary
# files as Git LFS objects. Your checkout is not touched: the snapshot is built in a
# temporary directory from the committed files (git archive), with deploy/space.gitattributes
# as its .gitattributes. The Space's own first commit is replaced, hence --force.
#   usage: deploy/push_space.sh https://huggingface.co/spaces/<user>/<space-name>
set -euo pipefail
remote=${1:?usage: deploy/push_space.sh <space git URL or path>}
# git-lfs sends objects to a local repository only through a file:// URL
if [ -d "$remote" ]; then remote="file://$(cd "$remote" && pwd)"; fi
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
git lfs version >/dev/null 2>&1 || { echo "git-lfs is missing: apt-get install -y git-lfs (or brew install git-lfs)" >&2; exit 1; }

snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
git -C "$repo" archive HEAD | tar -x -C "$snapshot"
cp "$repo/deploy/space.gitattributes" "$snapshot/.gitattributes"

cd "$snapshot"
git init -q -b main
git lfs install --local >/dev/null
git add -A
git -c user.name="${GIT_AUTHOR_NAME:-$(git -C "$repo" config user.name || echo deploy)}" \
    -c user.email="${GIT_AUTHOR_EMAIL:-$(git -C "$repo" config user.email || echo deploy@localhost)}" \
    commit -q -m "Snapshot of $(git -C "$repo" rev-parse --short HEAD)"
git push -q --force "$remote" main
echo "pushed snapshot of $(git -C "$repo" rev-parse --short HEAD) to $remote"
