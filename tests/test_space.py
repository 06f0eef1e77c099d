"""What a Hugging Face Space needs from this repository, tested up to the network: binary
files in Git LFS (pushed to a local bare repository with git-lfs), and requirements that
resolve without torch or CUDA."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from retrieval.settings import REPO_ROOT

LFS_POINTER = "version https://git-lfs.github.com/spec/v1"


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


def test_every_committed_binary_file_is_tracked_by_lfs():
    binaries = binary_files()
    assert "index/chunks.faiss" in binaries and "docs/screenshot.png" in binaries
    for path in binaries:
        assert git("check-attr", "filter", "--", path).strip().endswith("filter: lfs"), path


@pytest.mark.slow
def test_a_space_snapshot_pushes_its_binaries_as_lfs_objects(tmp_path):
    """The README's push: a one-commit snapshot of main, binaries as LFS pointers."""
    assert shutil.which("git-lfs"), "git-lfs is missing: apt-get install -y git-lfs (the README's test command does)"
    clone, remote = tmp_path / "clone", tmp_path / "space.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    git("clone", "-q", "--no-local", str(REPO_ROOT), str(clone), cwd=tmp_path)
    for command in (
        ("lfs", "install", "--local"),
        ("config", "user.email", "test@example.com"),
        ("config", "user.name", "test"),
        ("checkout", "-q", "--orphan", "space"),
        ("rm", "-r", "-q", "-f", "--cached", "."),
        ("add", "-A"),
        ("commit", "-qm", "Space snapshot"),
        ("remote", "add", "space", str(remote)),
        ("push", "-q", "space", "space:main"),
    ):
        git(*command, cwd=clone)
    for path in binary_files():
        stored = git("cat-file", "-p", f"main:{path}", cwd=remote)
        assert stored.startswith(LFS_POINTER), path
    objects = list((remote / "lfs" / "objects").rglob("*"))
    assert sum(p.is_file() for p in objects) >= len(binary_files())


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
    assert {"gradio", "faiss-cpu", "numpy", "safetensors", "tokenizers"} <= names
    unwanted = {n for n in names if n in {"torch", "triton", "sentence-transformers", "transformers", "matplotlib"}}
    assert not unwanted and not any(n.startswith("nvidia") for n in names), unwanted
