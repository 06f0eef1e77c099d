"""Glute massage Q&A: the Gradio chat (also the Hugging Face Space entry point).

A thin shell. Importing it does no work; :func:`main` reads the settings once, checks the
committed index (fast, no model), launches :func:`build_demo`, which wires the chat to
``retrieval``, and then loads the model in the background (a question asked before it is
ready waits for it).
Run with ``python app.py``; GRADIO_SERVER_NAME and GRADIO_SERVER_PORT choose where it listens.
"""

from __future__ import annotations

import logging
import os
import sys

import gradio as gr

from retrieval.errors import RetrievalError
from retrieval.feedback import RATINGS, WITHDRAWN, append_feedback, feedback_entry, start_push
from retrieval.index import Index
from retrieval.pipeline import Engine, check_model, index_or_rebuild
from retrieval.render import EXAMPLE_QUESTIONS, Wording, escape_markdown, unescape_markdown
from retrieval.settings import REPO_ROOT, Settings, load_settings

log = logging.getLogger("gluteqa")
TITLE = "Glute Massage Q&A"
CSS = """
/* the floating "scroll down" arrow sits on top of passage text; scrolling works without it */
.scroll-down-button-container { display: none !important; }
#intro h1 { margin: 0.2em 0; }
#intro p { margin: 0 0 0.4em; }
@media (max-width: 480px) {
  #intro h1 { font-size: 1.35rem; }
  #intro p, #sources { font-size: 0.8rem; }
}
"""
MODEL_WAIT_SECONDS = 300  # a question that arrives while the model loads waits this long at most
REPORT = REPO_ROOT / "eval" / "report"
# After each reply, show the reply's first line rather than its end (Gradio's autoscroll goes
# to the bottom, which on a phone is the disclaimer with the answer off screen).
SCROLL_TO_REPLY_START = """
() => {
  const seen = new WeakSet();
  new MutationObserver(() => {
    const bots = document.querySelectorAll('[data-testid="bot"]');
    const last = bots[bots.length - 1];
    if (last && !seen.has(last) && last.textContent.includes("Not medical advice")) {
      seen.add(last);
      last.scrollIntoView({block: "start", behavior: "smooth"});
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}
"""


def text_of(content: object) -> str:
    """The text of a chat message's content (a string, or Gradio's list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return " ".join(
            text_of(part) for part in content if not isinstance(part, dict) or part.get("type", "text") == "text"
        )
    return ""


def user_texts(history: list[dict] | None) -> list[str]:
    """The user's messages in a chat history, oldest first."""
    return [text_of(m.get("content")) for m in history or [] if isinstance(m, dict) and m.get("role") == "user"]


def _with_user_text(message: object, transform) -> object:
    """A copy of a user message with its text transformed (others returned unchanged)."""
    if not isinstance(message, dict) or message.get("role") != "user":
        return message
    content = message.get("content")
    if isinstance(content, str):
        content = transform(content)
    elif isinstance(content, list):
        content = [
            {**part, "text": transform(part["text"])}
            if isinstance(part, dict) and isinstance(part.get("text"), str)
            else part
            for part in content
        ]
    return {**message, "content": content}


def show_user_text_literally(chatbot: gr.Chatbot) -> gr.Chatbot:
    """Make ``chatbot`` show what users type literally: their text is escaped on its way to
    the browser and unescaped on its way back, so `<img onerror=...>` or `![x](http://...)`
    stays text and Python always sees exactly what was typed. Replies are Markdown built by
    retrieval.render, which escapes passages itself.

    The instance's own methods are wrapped rather than subclassing gr.Chatbot, because
    Gradio writes a .pyi stub next to any module that defines a component subclass."""
    preprocess, postprocess = chatbot.preprocess, chatbot.postprocess
    chatbot.preprocess = lambda payload: [_with_user_text(m, unescape_markdown) for m in preprocess(payload)]
    chatbot.postprocess = lambda value: postprocess([_with_user_text(m, escape_markdown) for m in value or []])
    return chatbot


def sources_markdown(articles: dict[str, dict], wording: Wording) -> str:
    cited = []
    for article in articles.values():
        by = ", ".join(escape_markdown(x) for x in (article.get("author"), article.get("publisher")) if x)
        cited.append(f"[{escape_markdown(article['title'])}]({article['url']}) ({by})")
    return f"Sources: {' and '.join(cited)}.\n\n_{escape_markdown(wording.disclaimer)}_"


def report_markdown() -> str:
    """The answerability table of the committed evaluation report (eval/report/report.md)."""
    path = REPORT / "report.md"
    if not path.is_file():
        return "No evaluation report: run `python -m retrieval evaluate --report eval/report`."
    text = path.read_text(encoding="utf-8")
    start = text.find("## Answerability and safety")
    end = text.find("\n## ", start + 1)
    section = text[start:end] if start >= 0 else text[:2000]
    return section + "\n\nThe full report: eval/report/report.md in the repository."


class Handlers:
    """The page's event handlers, bound to the settings and the engine."""

    def __init__(self, settings: Settings, engine: Engine, push=None) -> None:
        """``push``: the scheduler pushing the feedback log to a Hub dataset, if configured."""
        self.settings = settings
        self.engine = engine
        self.push = push
        self.wording = Wording(len(engine.index.articles))

    def _error_markdown(self, text: str) -> str:
        return self.wording.finish([f"Sorry, I can't answer right now: {escape_markdown(text)}"])

    def respond(self, message: str, history: list[dict]) -> str | gr.ChatMessage:
        """The chat function: (message, history) -> Markdown reply, or, for replies that
        suggest questions (no match, greetings, unusable input), a message whose suggestions
        are buttons that ask them. Never raises."""
        try:
            reply = self.engine.reply(message, user_texts(history), timeout=MODEL_WAIT_SECONDS)
            if not reply.suggestions:
                return reply.markdown
            options = [{"value": q, "label": q} for q in reply.suggestions]
            return gr.ChatMessage(content=reply.markdown, options=options)
        except RetrievalError as exc:
            log.warning("reply failed: %s", exc)
            return self._error_markdown(exc.user_message())
        except Exception:
            log.exception("reply failed")
            return self._error_markdown("something went wrong on our side. Please try again.")

    def ask(self, question: str) -> dict:
        """Answer one question about glute (butt) massage from two health articles, in their own words.

        Stateless: each call stands alone (no conversation history). The reply never contains
        generated text: it quotes the best-matching passages with who wrote them and where. It
        says so when the articles do not cover the question (kind "no_match", naming what is
        missing), and puts an urgent notice first when the message describes symptoms that need
        a doctor (kind "red_flag"). Not medical advice.

        Args:
            question: The user's question in plain words, for example "Can a butt massage help with sciatica?".

        Returns:
            A dict with kind ("answer", "no_match", "red_flag", "sources", "smalltalk" or "invalid"), lead (the
            sentence that answers, quoted verbatim, or null), passages (each with text, title, author, publisher,
            url and section), missing_topic (for no_match, when it can be named), disclaimer and markdown.
        """
        try:
            return self.engine.reply(question, [], timeout=MODEL_WAIT_SECONDS).to_json()
        except RetrievalError as exc:
            raise gr.Error(exc.user_message(), print_exception=False) from None

    def inspect(self, question: str) -> str:
        """The inspect view: every stage's scores and decisions for one question."""
        from retrieval.inspection import inspect, inspection_markdown

        try:
            composer = self.engine.composer.result(MODEL_WAIT_SECONDS)
            return inspection_markdown(inspect(composer, question))
        except RetrievalError as exc:
            return escape_markdown(exc.user_message())
        except Exception:
            log.exception("inspect failed")
            return "Something went wrong on our side. Please try again."

    def _log(self, entry: dict) -> None:
        lock = self.push.lock if self.push is not None else None
        append_feedback(self.settings.feedback_log, entry, lock)

    def on_like(self, data: gr.LikeData, history: list[dict]) -> None:
        """Thumbs up/down in the chat, or a thumb clicked again (withdrawn): log it with the
        question it answered."""
        rating = {True: "up", False: "down"}.get(data.liked, WITHDRAWN)
        position = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        earlier = user_texts((history or [])[: int(position)])
        question = earlier[-1] if earlier else ""
        try:
            self._log(feedback_entry(rating, question, text_of(data.value), allowed=(*RATINGS, WITHDRAWN)))
        except OSError:
            log.exception("could not write feedback")

    def feedback(self, question: str, answer: str, rating: str) -> str:
        """Record a rating ("up" or "down") for an answer. Returns "recorded"."""
        try:
            entry = feedback_entry(rating, question, answer)
        except ValueError as exc:
            raise gr.Error(str(exc), print_exception=False) from None  # the caller's mistake: no traceback
        try:
            self._log(entry)
        except OSError:
            log.exception("could not write feedback")
            raise gr.Error("the feedback could not be saved; please try again later", print_exception=False) from None
        return "recorded"


def build_demo(settings: Settings, engine: Engine, push=None) -> gr.Blocks:
    """The chat page, wired to ``engine``; call ``.launch(**LAUNCH)`` on it to serve."""
    handlers = Handlers(settings, engine, push)
    description = (
        f"Ask about glute (butt) massage. Answers are quoted from {handlers.wording.some_articles}, with their "
        "sources; nothing is made up. Not medical advice."
    )
    with gr.Blocks(title=TITLE, fill_height=True, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}\n\n{description}", elem_id="intro")
        chat = gr.ChatInterface(
            handlers.respond,
            api_name="chat",
            # the stateful chat stays callable (gradio_client, README) but is not an MCP tool: `ask` is
            api_visibility="undocumented",
            chatbot=show_user_text_literally(
                gr.Chatbot(
                    label="Answers from the articles",
                    show_label=False,
                    layout="panel",  # full-width answers: passages read better, above all on phones
                    latex_delimiters=[],  # no LaTeX: "$" in a question stays a dollar sign
                    feedback_options=("Like", "Dislike"),
                    placeholder="Ask a question, or pick an example below.",
                    autoscroll=False,  # SCROLL_TO_REPLY_START shows each reply from its first line
                    buttons=[],  # no copy/share toolbar over the passage text
                    scale=1,
                )
            ),
            textbox=gr.Textbox(placeholder="e.g. Can a butt massage help with sciatica?", submit_btn=True, scale=7),
            examples=list(EXAMPLE_QUESTIONS),
            cache_examples=False,  # nothing is computed at start-up
            # Up to 16 questions at once, so concurrent ones share forward passes of the model
            # (retrieval.embedding batches them): more throughput than 8 (benchmarks/notes.md).
            concurrency_limit=16,
            fill_height=True,
        )
        chat.chatbot.like(handlers.on_like, inputs=[chat.chatbot], outputs=None, api_visibility="undocumented")
        gr.api(handlers.ask, api_name="ask")  # stateless, for MCP clients and scripts
        gr.api(handlers.feedback, api_name="feedback", api_visibility="undocumented")  # not an MCP tool
        with gr.Accordion("Inspect retrieval (for testing)", open=False, elem_id="inspect"):
            question = gr.Textbox(label="Question", placeholder="What causes sciatica?", elem_id="inspect-question")
            run = gr.Button("Inspect", variant="secondary")
            details = gr.Markdown(elem_id="inspect-details")
            run.click(handlers.inspect, inputs=question, outputs=details, api_visibility="private")
            question.submit(handlers.inspect, inputs=question, outputs=details, api_visibility="private")
            with gr.Accordion("Evaluation report", open=False):
                gr.Markdown(report_markdown())
                if (REPORT / "scores.png").is_file():
                    gr.Image(str(REPORT / "scores.png"), show_label=False, interactive=False)
        gr.Markdown(sources_markdown(engine.index.articles, handlers.wording), elem_id="sources")
    return demo


# How main() serves the page: the MCP server on (the `ask` tool at /gradio_api/mcp/), no run
# history (it would keep every question, symptoms included, in the browser), replies shown
# from their first line.
LAUNCH = {"mcp_server": True, "run_history": False, "js": SCROLL_TO_REPLY_START}


def checked_start() -> tuple[Settings, Index]:
    """Settings and a verified index, with the model's weights verified, or exit with the
    fix (no traceback)."""
    try:
        settings = load_settings()
        check_model(settings)  # tampered weights stop the app here, not at the first question
        index = index_or_rebuild(settings)
    except (ValueError, RetrievalError) as exc:
        message = exc.user_message() if isinstance(exc, RetrievalError) else str(exc)
        print(f"Cannot start the chat: {message}", file=sys.stderr)
        raise SystemExit(2) from None
    return settings, index


def main() -> None:
    # Gradio wraps every event in a context that asks matplotlib for its backend; where
    # matplotlib is installed and no backend is set, the first question imports pyplot
    # (~1.2 s of the first answer, measured). The app draws nothing, so name the backend.
    os.environ.setdefault("MPLBACKEND", "agg")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not every HTTP request
    settings, index = checked_start()
    engine = Engine.pending(index)
    push = start_push(settings.feedback_log, settings.feedback_dataset)
    demo = build_demo(settings, engine, push)
    # The queue is on by default; calling demo.queue() would only rebuild the server app once
    # more (0.1 s of start-up, measured).
    demo.launch(
        theme=gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"]),
        css=CSS,
        prevent_thread_lock=True,
        **LAUNCH,
    )
    # The model loads once the server is up: loading it while the page is built slowed both
    # the page and the first answer (benchmarks/notes.md). Until then a question waits.
    engine.load_in_background(settings)
    demo.block_thread()


if __name__ == "__main__":
    main()
