"""Glute massage Q&A: the Gradio chat (also the Hugging Face Space entry point).

A thin shell. Importing it does no work; :func:`main` reads the settings once, checks the
committed index (fast, no model), starts loading the model in the background so the page is
served at once, and launches :func:`build_demo`, which wires the chat to ``retrieval``.
Run with ``python app.py``; GRADIO_SERVER_NAME and GRADIO_SERVER_PORT choose where it listens.
"""

from __future__ import annotations

import logging
import sys

import gradio as gr

from retrieval.errors import RetrievalError
from retrieval.feedback import append_feedback, feedback_entry
from retrieval.pipeline import Engine, check_model, index_or_rebuild
from retrieval.render import EXAMPLE_QUESTIONS, Wording, escape_markdown, unescape_markdown
from retrieval.settings import Settings, load_settings

log = logging.getLogger("gluteqa")
TITLE = "Glute Massage Q&A"
CSS = """
#intro h1 { margin: 0.2em 0; }
#intro p { margin: 0 0 0.4em; }
@media (max-width: 480px) {
  #intro h1 { font-size: 1.35rem; }
  #intro p, #sources { font-size: 0.8rem; }
}
"""
MODEL_WAIT_SECONDS = 300  # a question that arrives while the model loads waits this long at most


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


def sources_markdown(articles: dict[str, dict]) -> str:
    cited = []
    for article in articles.values():
        by = ", ".join(escape_markdown(x) for x in (article.get("author"), article.get("publisher")) if x)
        cited.append(f"[{escape_markdown(article['title'])}]({article['url']}) ({by})")
    return f"Sources: {' and '.join(cited)}. Not medical advice."


class Handlers:
    """The page's event handlers, bound to the settings and the engine."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self.wording = Wording(len(engine.index.articles))

    def _error_markdown(self, text: str) -> str:
        return self.wording.finish([f"Sorry, I can't answer right now: {escape_markdown(text)}"])

    def respond(self, message: str, history: list[dict]) -> str:
        """The chat function: (message, history) -> Markdown reply. Never raises."""
        try:
            return self.engine.reply(message, user_texts(history), timeout=MODEL_WAIT_SECONDS).markdown
        except RetrievalError as exc:
            log.warning("reply failed: %s", exc)
            return self._error_markdown(exc.user_message())
        except Exception:
            log.exception("reply failed")
            return self._error_markdown("something went wrong on our side. Please try again.")

    def on_like(self, data: gr.LikeData, history: list[dict]) -> None:
        """Thumbs up/down in the chat: log the rating with the question it answered."""
        if data.liked not in (True, False):
            return  # feedback withdrawn
        position = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        earlier = user_texts((history or [])[: int(position)])
        question = earlier[-1] if earlier else ""
        try:
            entry = feedback_entry("up" if data.liked else "down", question, text_of(data.value))
            append_feedback(self.settings.feedback_log, entry)
        except OSError:
            log.exception("could not write feedback")

    def feedback(self, question: str, answer: str, rating: str) -> str:
        """Record a rating ("up" or "down") for an answer. Returns "recorded"."""
        try:
            entry = feedback_entry(rating, question, answer)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        try:
            append_feedback(self.settings.feedback_log, entry)
        except OSError:
            log.exception("could not write feedback")
            raise gr.Error("the feedback could not be saved; please try again later") from None
        return "recorded"


def build_demo(settings: Settings, engine: Engine) -> gr.Blocks:
    """The chat page, wired to ``engine``; call ``.launch()`` on it to serve."""
    handlers = Handlers(settings, engine)
    description = (
        f"Ask about glute (butt) massage. Answers are quoted from {handlers.wording.some_articles}, with their "
        "sources; nothing is made up. Not medical advice."
    )
    with gr.Blocks(title=TITLE, fill_height=True, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}\n\n{description}", elem_id="intro")
        chat = gr.ChatInterface(
            handlers.respond,
            api_name="chat",
            chatbot=show_user_text_literally(
                gr.Chatbot(
                    label="Answers from the articles",
                    show_label=False,
                    layout="panel",  # full-width answers: passages read better, above all on phones
                    latex_delimiters=[],  # no LaTeX: "$" in a question stays a dollar sign
                    feedback_options=("Like", "Dislike"),
                    placeholder="Ask a question, or pick an example below.",
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
        gr.api(handlers.feedback, api_name="feedback")
        gr.Markdown(sources_markdown(engine.index.articles), elem_id="sources")
    return demo


def start_engine() -> tuple[Settings, Engine]:
    """Settings, a verified index and verified weights, or exit with the fix (no traceback)."""
    try:
        settings = load_settings()
        check_model(settings)  # tampered weights stop the app here, not at the first question
        index = index_or_rebuild(settings)
    except (ValueError, RetrievalError) as exc:
        message = exc.user_message() if isinstance(exc, RetrievalError) else str(exc)
        print(f"Cannot start the chat: {message}", file=sys.stderr)
        raise SystemExit(2) from None
    return settings, Engine.start(settings, index)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not every HTTP request
    settings, engine = start_engine()
    demo = build_demo(settings, engine)
    # The queue is on by default; calling demo.queue() would only rebuild the server app once
    # more (0.1 s of start-up, measured).
    demo.launch(theme=gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"]), css=CSS)


if __name__ == "__main__":
    main()
