"""End to end over HTTP: the real app (python app.py) called with gradio_client, a fresh
client (a fresh conversation) per test."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from conftest import start_app, stop_app, wait_for_page
from gradio_client import Client

from retrieval.answer import DISCLAIMER, escape_markdown
from retrieval.settings import REPO_ROOT

DISCLAIMER_MD = f"_{escape_markdown(DISCLAIMER)}_"


@pytest.fixture
def client(app_server):
    return Client(app_server.url, verbose=False)


def ask(client: Client, message: str) -> str:
    return client.predict(message, api_name="/chat")


def test_api_endpoints_are_stable(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/chat", "/feedback"} <= set(endpoints)


def test_answer_with_attribution_and_disclaimer(client):
    reply = ask(client, "What causes sciatica?")
    assert reply.startswith("**In short:** “Sciatica")
    assert "Both articles make this point." in reply
    assert "[Butt Massage Benefits](https://www.organicfacts.net/butt-massage.html)" in reply
    assert "John Staughton" in reply and "LEAFtv" in reply and "*Relieves Back Pain*" in reply
    assert reply.rstrip().endswith(DISCLAIMER_MD)


def test_no_match(client):
    reply = ask(client, "What is the capital of France?")
    assert "couldn't find anything in the two articles" in reply
    assert "Source 1" not in reply and reply.rstrip().endswith(DISCLAIMER_MD)


def test_red_flag(client):
    reply = ask(client, "I have crushing chest pain, can a massage fix it?")
    assert reply.startswith("🚨") and "emergency" in reply.split("\n\n")[0]
    assert reply.rstrip().endswith(DISCLAIMER_MD)


@pytest.mark.parametrize("message", ["", "   ", "hello"])
def test_smalltalk_and_empty_input_get_friendly_replies(client, message):
    reply = ask(client, message)
    assert "Can a butt massage help with sciatica?" in reply and reply.rstrip().endswith(DISCLAIMER_MD)


def test_follow_up_within_one_conversation(client):
    ask(client, "does butt massage help back pain?")
    reply = ask(client, "what about knees?")
    assert "knee" in reply.split("\n\n")[0].lower()


def test_a_fresh_client_is_a_fresh_conversation(app_server):
    first = Client(app_server.url, verbose=False)
    ask(first, "does butt massage help back pain?")
    second = Client(app_server.url, verbose=False)
    assert "In short" in ask(second, "what about knees?")  # answered on its own, no error


def test_feedback_is_logged(client, app_server):
    marker = f"feedback test {time.time()}"
    assert client.predict(marker, "an answer", "down", api_name="/feedback") == "recorded"
    entries = [json.loads(line) for line in app_server.feedback_log.read_text(encoding="utf-8").splitlines()]
    assert {"question": marker, "answer": "an answer", "rating": "down"}.items() <= next(
        e for e in entries if e["question"] == marker
    ).items()


def test_bad_feedback_is_refused_and_the_app_keeps_working(client):
    with pytest.raises(Exception, match="rating must be one of"):
        client.predict("q", "a", "meh", api_name="/feedback")
    assert "In short" in ask(client, "what are endorphins?") or "couldn't find" in ask(client, "what are endorphins?")


def test_question_asked_while_the_model_loads_waits_for_the_answer(tmp_path):
    """Fresh process: the page comes up before the model; the first question still gets an answer."""
    app = start_app(tmp_path)
    try:
        wait_for_page(app)
        reply = Client(app.url, verbose=False).predict("What causes sciatica?", api_name="/chat")
        assert reply.startswith("**In short:**")
    finally:
        stop_app(app)


def test_a_stale_index_stops_the_app_with_the_fix(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (REPO_ROOT / "corpus").glob("*.md"):
        (corpus / path.name).write_text(path.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    app = start_app(tmp_path, {"GLUTEQA_CORPUS_DIR": str(corpus)})
    try:
        assert app.process.wait(timeout=120) == 2
        output = app.log_tail()
        assert "Cannot start the chat" in output and "python -m retrieval build" in output
        assert "Traceback" not in output
    finally:
        stop_app(app)


def test_starts_and_answers_with_no_network_at_all(tmp_path):
    """In a network namespace with only loopback: nothing is downloaded at start or per question."""
    port = __import__("conftest").free_port()
    client = (
        "import time, urllib.request\n"
        "for _ in range(600):\n"
        "    try:\n"
        f"        urllib.request.urlopen('http://127.0.0.1:{port}/', timeout=1); break\n"
        "    except OSError: time.sleep(0.2)\n"
        "from gradio_client import Client\n"
        f"print(Client('http://127.0.0.1:{port}/', verbose=False).predict('what are endorphins?', api_name='/chat'))\n"
    )
    (tmp_path / "client.py").write_text(client)
    script = f"""
        ip link set lo up
        GRADIO_SERVER_PORT={port} GLUTEQA_FEEDBACK_LOG={tmp_path}/f.jsonl {sys.executable} app.py > {tmp_path}/app.log 2>&1 &
        app=$!
        {sys.executable} {tmp_path}/client.py
        status=$?
        kill $app
        exit $status
    """
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr + (tmp_path / "app.log").read_text()
    assert "pain-fighting hormones" in done.stdout
