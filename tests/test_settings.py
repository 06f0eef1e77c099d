from __future__ import annotations

import ast
from pathlib import Path

import pytest

from retrieval.settings import OFFICIAL_WEIGHTS_SHA256, REPO_ROOT, Settings, load_settings


def test_defaults_work_offline_from_a_clone():
    settings = load_settings({})
    assert settings == Settings()
    assert settings.model == "auto"
    assert settings.model_sha256 == OFFICIAL_WEIGHTS_SHA256
    assert settings.index_dir == REPO_ROOT / "index" and settings.corpus_dir == REPO_ROOT / "corpus"


def test_each_setting_comes_from_its_variable(tmp_path):
    settings = load_settings(
        {
            "GLUTEQA_MODEL": "sentence-transformers/all-MiniLM-L6-v2",
            "GLUTEQA_MODEL_SHA256": "A" * 64,
            "GLUTEQA_INDEX_DIR": str(tmp_path / "i"),
            "GLUTEQA_CORPUS_DIR": str(tmp_path / "c"),
            "GLUTEQA_FEEDBACK_LOG": str(tmp_path / "f.jsonl"),
            "GLUTEQA_THREADS": "2",
            "GLUTEQA_REBUILD_STALE_INDEX": "yes",
            "GLUTEQA_FEEDBACK_DATASET": "me/glute-feedback",
        }
    )
    assert settings.model == "sentence-transformers/all-MiniLM-L6-v2"
    assert settings.model_sha256 == "a" * 64
    assert settings.index_dir == tmp_path / "i" and settings.corpus_dir == tmp_path / "c"
    assert settings.feedback_log == tmp_path / "f.jsonl"
    assert settings.threads == 2 and settings.rebuild_stale_index
    assert settings.feedback_dataset == "me/glute-feedback"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"GLUTEQA_THREADS": "two"}, "GLUTEQA_THREADS"),
        ({"GLUTEQA_THREADS": "-1"}, "GLUTEQA_THREADS"),
        ({"GLUTEQA_REBUILD_STALE_INDEX": "maybe"}, "GLUTEQA_REBUILD_STALE_INDEX"),
        ({"GLUTEQA_MODEL_SHA256": "abc"}, "GLUTEQA_MODEL_SHA256"),
    ],
)
def test_bad_values_are_named(env, message):
    with pytest.raises(ValueError, match=message):
        load_settings(env)


def test_blank_values_fall_back_to_defaults():
    assert load_settings({"GLUTEQA_MODEL": "  ", "GLUTEQA_THREADS": ""}) == Settings()


def test_only_the_settings_module_reads_the_environment():
    for path in (REPO_ROOT / "retrieval").glob("*.py"):
        if path.name == "settings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}:
                pytest.fail(f"{Path(path).name} reads the environment (line {node.lineno})")
