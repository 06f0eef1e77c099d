"""What a Hugging Face Space needs from this repository, tested up to the network: binary
files as plain blobs here and as Git LFS objects in the snapshot deploy/push_space.sh pushes
(to a local bare repository with git-lfs), and requirements that resolve without torch or CUDA."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from retrieval.settings import REPO_ROOT

LFS_POINTER = "version https://git-lfs.github.com/spec/v1"
PUSH_SCRIPT = REPO_ROOT / "deploy" / "push_space.sh"
SPACE_ATTRIBUTES = REPO_ROOT / "deploy" / "space.gitattributes"


def git(*args: str, cwd=REPO_ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)
    return done.stdout.decode("utf-8", errors="replace")


def binary_files() -> list[str]:
    found = []
    for path in git("ls-files").splitlines():
        full = REPO_ROOT / path
        if full.is_file() and b"\0" in full.read_bytes()[:8000]:
            found.append(path)
    return found


def test_committed_binaries_are_plain_blobs_so_a_clone_without_git_lfs_works():
    """main must not hold LFS pointers: a clone without git-lfs (or without the LFS objects)
    would get 130-byte pointer files instead of the index and fail to start."""
    binaries = binary_files()
    assert "index/chunks.faiss" in binaries and "docs/screenshot.png" in binaries
    for path in binaries:
        assert not git("check-attr", "filter", "--", path).strip().endswith("filter: lfs"), path
        committed = subprocess.run(
            ["git", "cat-file", "-p", f"HEAD:{path}"], check=False, cwd=REPO_ROOT, capture_output=True
        )
        if committed.returncode == 0:  # a file added since HEAD is checked on the next commit
            assert not committed.stdout.startswith(LFS_POINTER.encode()), f"{path} is committed as an LFS pointer"


def test_every_binary_file_is_tracked_by_lfs_in_the_space_snapshot(tmp_path):
    """The attributes deploy/push_space.sh gives the Space cover every binary file."""
    probe = tmp_path / "probe"
    git("init", "-q", str(probe), cwd=tmp_path)
    shutil.copy(SPACE_ATTRIBUTES, probe / ".gitattributes")
    for path in binary_files():
        assert git("check-attr", "filter", "--", path, cwd=probe).strip().endswith("filter: lfs"), path


def push(checkout, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(PUSH_SCRIPT), *args], cwd=checkout, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_the_push_script_sends_a_snapshot_whose_binaries_are_lfs_objects(tmp_path):
    """The README's push (deploy/push_space.sh), run from a clone of this repository against
    a local bare "Space" that already has its own first commit: the Space ends with one
    commit, every binary file an LFS pointer with its object, and a clone with git-lfs gets
    the files back byte for byte; the checkout it ran from is left as it was."""
    assert shutil.which("git-lfs"), "git-lfs is missing: apt-get install -y git-lfs (the README's test command does)"
    checkout, remote, space_start = tmp_path / "checkout", tmp_path / "space.git", tmp_path / "space-start"
    git("clone", "-q", "--no-local", str(REPO_ROOT), str(checkout), cwd=tmp_path)
    git("init", "--bare", "-q", "-b", "main", str(remote), cwd=tmp_path)
    git("init", "-q", "-b", "main", str(space_start), cwd=tmp_path)  # what the Hub creates
    (space_start / "README.md").write_text("---\ntitle: test\n---\n")
    git("add", "README.md", cwd=space_start)
    git("-c", "user.name=hub", "-c", "user.email=hub@example.com", "commit", "-qm", "initial commit", cwd=space_start)
    git("push", "-q", str(remote), "main", cwd=space_start)

    done = push(checkout, "../space.git")  # a relative path, as a user might type it
    assert done.returncode == 0, done.stderr
    assert git("status", "--porcelain", cwd=checkout) == ""
    assert git("rev-list", "--count", "main", cwd=remote).strip() == "1"  # the Hub's commit replaced
    binaries = binary_files()
    for path in binaries:
        assert git("cat-file", "-p", f"main:{path}", cwd=remote).startswith(LFS_POINTER), path
    assert sum(p.is_file() for p in (remote / "lfs" / "objects").rglob("*")) >= len(binaries)

    clone = tmp_path / "clone"
    no_smudge = {**os.environ, "GIT_LFS_SKIP_SMUDGE": "1"}  # whatever the global git config says
    subprocess.run(["git", "clone", "-q", remote.as_uri(), str(clone)], check=True, capture_output=True, env=no_smudge)
    git("config", "core.hooksPath", ".git/hooks", cwd=clone)  # never a global hooks folder
    git("lfs", "install", "--local", cwd=clone)
    git("lfs", "pull", cwd=clone)
    for path in binaries:
        assert (clone / path).read_bytes() == git_blob(path), path


@pytest.mark.slow
def test_the_push_script_refuses_uncommitted_changes(tmp_path):
    """Only HEAD is pushed, so a forgotten rebuild must stop the push, not vanish from it."""
    assert shutil.which("git-lfs"), "git-lfs is missing: apt-get install -y git-lfs (the README's test command does)"
    checkout, remote = tmp_path / "checkout", tmp_path / "space.git"
    git("clone", "-q", "--no-local", str(REPO_ROOT), str(checkout), cwd=tmp_path)
    git("init", "--bare", "-q", "-b", "main", str(remote), cwd=tmp_path)
    (checkout / "index" / "manifest.json").write_text("{}")
    done = push(checkout, str(remote))
    assert done.returncode == 1 and "uncommitted changes" in done.stderr
    assert git("rev-list", "--all", cwd=remote).strip() == ""  # nothing pushed


def git_blob(path: str) -> bytes:
    return subprocess.run(
        ["git", "cat-file", "-p", f"HEAD:{path}"], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout


@pytest.mark.slow
def test_what_a_space_installs_resolves_without_torch_or_cuda(tmp_path):
    report = tmp_path / "report.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            str(report),
            "-r",
            str(REPO_ROOT / "requirements.txt"),
        ],
        check=True,
        capture_output=True,
    )
    names = {item["metadata"]["name"].lower() for item in json.loads(report.read_text())["install"]}
    assert {"gradio", "faiss-cpu", "numpy", "tokenizers"} <= names
    unwanted = {n for n in names if n in {"torch", "triton", "sentence-transformers", "transformers", "matplotlib"}}
    assert not unwanted and not any(n.startswith("nvidia") for n in names), unwanted
