"""The Gradio app. Fast tier: the demo built in-process from a stub engine (wiring, history
per conversation, feedback, import does no work). Slow tier: the real app (python app.py)
called with gradio_client, a fresh client (a fresh conversation) per test."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace

import pytest
from gradio_client import Client

from retrieval.errors import ModelError
from retrieval.pipeline import Engine
from retrieval.render import EXAMPLE_QUESTIONS, REPLY_DISCLAIMER_MD
from retrieval.settings import REPO_ROOT, Settings
from retrieval.testing import free_port, start_app, stop_app, wait_for_page

DISCLAIMER_MD = REPLY_DISCLAIMER_MD  # every reply ends with the short line; the full text is in ask --json


def ask(client: Client, message: str) -> str:
    """The reply's Markdown (replies that suggest questions come with them as options)."""
    reply = client.predict(message, api_name="/chat")
    return reply["content"] if isinstance(reply, dict) else reply


# --- in process: the page wired to a stub engine -------------------------------------------------


@dataclass
class EchoReply:
    markdown: str
    suggestions: tuple[str, ...] = ()


class EchoComposer:
    """Replies with the message and the history it was given, so wiring is visible."""

    def reply(self, message, history):
        return EchoReply(json.dumps({"message": message, "history": list(history)}))


@pytest.fixture(scope="module")
def stub_app(tmp_path_factory, tiny_index_module):
    import app

    index, directory = tiny_index_module
    future: Future = Future()
    future.set_result(EchoComposer())
    settings = replace(Settings(), feedback_log=directory / "feedback.jsonl")
    demo = app.build_demo(settings, Engine(index, future))
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", settings
    finally:
        demo.close()


@pytest.fixture(scope="module")
def tiny_index_module(tmp_path_factory):
    from retrieval.index import build_index, load_index
    from retrieval.testing import FakeEmbedder, write_corpus

    directory = tmp_path_factory.mktemp("tiny")
    corpus = write_corpus(directory / "corpus")
    embedder = FakeEmbedder()
    build_index(corpus, directory / "index", embedder)
    return load_index(directory / "index", corpus_dir=corpus, model_sha256=embedder.weights_sha256), directory


def test_importing_the_app_does_no_work():
    """`import app` must read neither the index nor the weights (both point nowhere here)."""
    code = (
        "import sys, app\n"
        "assert callable(app.build_demo) and callable(app.main)\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'safetensors', 'faiss') if m in sys.modules))\n"
    )
    from retrieval.settings import child_environment

    env = child_environment({"GLUTEQA_INDEX_DIR": "/nonexistent/index", "GLUTEQA_MODEL": "/nonexistent/model"})
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "torch" not in done.stdout and "sentence_transformers" not in done.stdout


def test_endpoints_are_stable(stub_app):
    """/ask is the documented (and MCP) endpoint; /chat and /feedback stay callable, undocumented."""
    client = Client(stub_app[0], verbose=False)
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert set(endpoints) == {"/ask"}
    assert json.loads(ask(client, "hi"))["message"] == "hi"
    assert client.predict("q", "a", "up", api_name="/feedback") == "recorded"


def test_each_conversation_passes_only_its_own_history(stub_app):
    first = Client(stub_app[0], verbose=False)
    assert json.loads(ask(first, "one")) == {"message": "one", "history": []}
    assert json.loads(ask(first, "two")) == {"message": "two", "history": ["one"]}
    second = Client(stub_app[0], verbose=False)
    assert json.loads(ask(second, "three")) == {"message": "three", "history": []}  # nothing leaked


def test_feedback_is_logged_and_a_bad_rating_refused(stub_app):
    client = Client(stub_app[0], verbose=False)
    marker = f"feedback test {time.time()}"
    assert client.predict(marker, "an answer", "down", api_name="/feedback") == "recorded"
    entries = [json.loads(line) for line in stub_app[1].feedback_log.read_text(encoding="utf-8").splitlines()]
    entry = next(e for e in entries if e["question"] == marker)
    assert {"answer": "an answer", "rating": "down"}.items() <= entry.items()
    with pytest.raises(Exception, match="rating must be one of"):
        client.predict("q", "a", "meh", api_name="/feedback")


def test_a_withdrawn_rating_is_logged_too(stub_app, tiny_index_module):
    import app

    handlers = app.Handlers(stub_app[1], Engine(tiny_index_module[0], Future()))
    history = [{"role": "user", "content": "withdrawn test"}, {"role": "assistant", "content": "an answer"}]
    for liked in (False, None):
        handlers.on_like(gr_like_data(liked, index=1, value="an answer"), history)
    entries = [json.loads(line) for line in stub_app[1].feedback_log.read_text(encoding="utf-8").splitlines()]
    mine = [e["rating"] for e in entries if e["question"] == "withdrawn test"]
    assert mine == ["down", "withdrawn"]


def gr_like_data(liked, index, value):
    import gradio as gr

    return gr.LikeData(target=None, data={"index": index, "value": value, "liked": liked})


def test_a_failed_model_load_is_a_message_not_a_traceback(tiny_index_module):
    future: Future = Future()
    future.set_exception(ModelError("weights are damaged", fix="reinstall"))
    with pytest.raises(ModelError, match="weights are damaged"):
        Engine(tiny_index_module[0], future).reply("hi", [])
    still_loading = Engine(tiny_index_module[0], Future())
    with pytest.raises(ModelError, match="still loading"):
        still_loading.reply("hi", [], timeout=0.01)


# --- the real app over HTTP -----------------------------------------------------------------------


@pytest.fixture
def client(app_server):
    return Client(app_server.url, verbose=False)


def test_answer_with_attribution_and_disclaimer(client):
    reply = ask(client, "What causes sciatica?")
    assert reply.startswith("**In short:** “Sciatica")
    assert "Both articles make this point." in reply
    # the link opens the article at the quoted sentence (a URL text fragment)
    assert "[Butt Massage Benefits](https://www.organicfacts.net/butt-massage.html#:~:text=Sciatica%2C%20a%20" in reply
    assert "John Staughton" in reply and "LEAFtv" in reply and "*Relieves Back Pain*" in reply
    assert reply.rstrip().endswith(DISCLAIMER_MD)


def test_no_match(client):
    reply = ask(client, "Write me a poem about cats")
    assert "couldn't find anything in the two articles" in reply
    assert "Source 1" not in reply and reply.rstrip().endswith(DISCLAIMER_MD)
    named = ask(client, "Which massage gun should I buy?")
    assert named.startswith("The articles don't mention massage gun") and "Source 1" not in named


def test_replies_that_suggest_questions_make_them_clickable_options(client):
    reply = client.predict("Write me a poem about cats", api_name="/chat")
    assert reply["content"].startswith("I couldn't find anything")
    assert [o["value"] for o in reply["options"]] == list(EXAMPLE_QUESTIONS[:3])
    assert isinstance(client.predict("What causes sciatica?", api_name="/chat"), str)  # answers: Markdown
    assert isinstance(client.predict("thanks!", api_name="/chat"), str)  # lists no questions: no buttons


def test_red_flag(client):
    reply = ask(client, "I have crushing chest pain, can a massage fix it?")
    assert reply.startswith("🚨") and "emergency" in reply.split("\n\n")[0]
    assert reply.rstrip().endswith(DISCLAIMER_MD)


@pytest.mark.parametrize("message", ["", "   ", "hello"])
def test_smalltalk_and_empty_input_get_friendly_replies(client, message):
    reply = ask(client, message)
    assert "Can a butt massage help with sciatica?" in reply and reply.rstrip().endswith(DISCLAIMER_MD)


def test_follow_up_within_one_conversation_and_not_across(app_server):
    first = Client(app_server.url, verbose=False)
    ask(first, "is chronic knee pain a sign of weak glutes?")
    assert "Seedman" in ask(first, "who said that?").split("\n\n")[0]
    # A fresh client is a fresh conversation: alone, "who said that?" names nothing.
    assert "couldn't find anything" in ask(Client(app_server.url, verbose=False), "who said that?")


def test_bad_feedback_leaves_the_app_working_and_the_log_clean(client, app_server):
    with pytest.raises(Exception, match="rating must be one of"):
        client.predict("q", "a", "meh", api_name="/feedback")
    assert "pain-fighting hormones" in ask(client, "what are endorphins?")
    assert "Traceback" not in app_server.log_tail()


def test_ask_is_stateless_and_an_mcp_tool_for_a_real_mcp_client(client, app_server):
    """The MCP server lists `ask` (not feedback, not the stateful chat) and answers through it."""
    import asyncio

    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    reply = client.predict("What causes sciatica?", api_name="/ask")
    assert reply["kind"] == "answer" and "piriformis" in reply["lead"] and reply["passages"][0]["publisher"]

    async def over_mcp():
        async with streamablehttp_client(f"{app_server.url}gradio_api/mcp/") as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = (await session.list_tools()).tools
                result = await session.call_tool("ask", {"question": "who wrote these articles?"})
                return tools, result

    tools, result = asyncio.run(over_mcp())
    assert [t.name for t in tools] == ["ask"]
    assert "question" in tools[0].inputSchema["properties"] and "Args" not in tools[0].description
    text = result.content[0].text
    assert "John Staughton" in text and "LEAFtv" in text and not result.isError


def test_the_page_keeps_no_run_history(app_server):
    import urllib.request

    with urllib.request.urlopen(f"{app_server.url}config", timeout=10) as response:
        config = json.loads(response.read())
    assert config["run_history"] is False and config["mcp_server"] is True


@pytest.mark.slow
def test_question_asked_while_the_model_loads_waits_for_the_answer(tmp_path):
    """Fresh process: the page comes up before the model; the first question still gets an answer."""
    app = start_app(tmp_path)
    try:
        wait_for_page(app)
        reply = Client(app.url, verbose=False).predict("What causes sciatica?", api_name="/chat")
        assert reply.startswith("**In short:**")
    finally:
        stop_app(app)


@pytest.mark.slow
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


@pytest.mark.slow
def test_starts_and_answers_with_no_network_at_all(tmp_path):
    """In a network namespace with only loopback: nothing is downloaded at start or per question."""
    port = free_port()
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
