"""Command line: ``python -m retrieval {build,search,ask,evaluate} ...``.

Library errors become a message on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from .errors import QueryError, RetrievalError
from .search import RETRIEVERS, SearchConfig, Searcher, SearchResult
from .settings import REPO_ROOT, Settings, load_settings

EXIT_ERROR = 1
EXIT_USAGE = 2
EVAL_DIR = REPO_ROOT / "eval"


def _questions(argument: str) -> Iterator[str]:
    """The question itself, or one question per stdin line when it is ``-``."""
    if argument != "-":
        yield argument
        return
    for line in sys.stdin:
        yield line.rstrip("\r\n")


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # a consumer reading line by line gets each answer as it is ready


def format_result(result: SearchResult) -> str:
    lines = [f"Q: {result.query}"]
    if result.abstained:
        lines.append(
            f"   (abstained: nothing in the articles answers this; relevance {result.relevance:.2f}. Closest passages:)"
        )
    for hit in result.hits:
        article = hit.article
        by = ", ".join(x for x in (article.get("author"), article.get("publisher")) if x)
        lines.append(f"{hit.rank}. [{hit.score:.3f}] {hit.chunk.section or 'Introduction'} | {article['title']} ({by})")
        lines.append(f"   {article.get('url') or ''}")
        lines.append("   " + hit.chunk.text.replace("\n\n", "\n   "))
    return "\n".join(lines)


def _open(settings: Settings, retriever: str = "hybrid") -> Searcher:
    from .pipeline import open_searcher

    return open_searcher(settings, SearchConfig(retriever=retriever))


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import load_embedder, rebuild

    started = time.perf_counter()
    manifest = rebuild(settings, load_embedder(settings))
    print(
        f"built {settings.index_dir}: {manifest['chunk_count']} chunks, {manifest['sentence_count']} sentences "
        f"from {len(manifest['articles'])} articles in {time.perf_counter() - started:.1f}s"
    )
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    searcher = _open(settings, args.retriever)
    status = 0
    for question in _questions(args.question):
        try:
            result = searcher.search(question, top_k=args.top_k)
        except QueryError as exc:
            if args.json:
                _emit({"query": question, "abstained": True, "hits": [], "error": str(exc)})
            else:
                print(f"error: {exc}", file=sys.stderr)
            status = EXIT_ERROR if args.question != "-" else status
            continue
        if args.json:
            _emit(result.to_json())
        else:
            print(format_result(result) + "\n")
    return status


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from .answer import Composer

    composer = Composer(_open(settings))
    for question in _questions(args.question):
        reply = composer.reply(question, args.history or ())
        if args.json:
            _emit(reply.to_json())
        else:
            print(reply.markdown + "\n")
    return 0


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluation.report import render_markdown, write_report
    from .evaluation.report_splits import splits_json
    from .evaluation.run import evaluate_all
    from .search import ABSTAIN_BELOW

    paths = [Path(path) for path in args.questions] if args.questions else sorted(EVAL_DIR.glob("*.jsonl"))
    results = evaluate_all(
        _open(settings, args.retriever),
        paths,
        settings.corpus_dir,
        compare=args.compare or bool(args.report),
        ablations=args.ablations or bool(args.report),
        top_k=args.top_k,
    )
    threshold = ABSTAIN_BELOW[args.retriever]
    if args.report:
        report = write_report(results.evaluations, threshold, Path(args.report), results.splits, results.hubs)
        print(f"wrote {report} and {report.with_name('scores.png')}", file=sys.stderr)
    if args.json:
        _emit(
            {
                "evaluations": [ev.to_json() for ev in results.evaluations],
                "splits": [splits_json(s) for s in results.splits],
            }
        )
    else:
        print(render_markdown(results.evaluations, threshold, splits=results.splits))
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """`feedback export`: disliked answers as candidate questions, one JSON line each."""
    from .feedback import export_candidates

    log = Path(args.log) if args.log else settings.feedback_log
    candidates = export_candidates(log)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    try:
        for candidate in candidates:
            out.write(json.dumps(candidate, ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()
    print(f"{len(candidates)} disliked answers from {log}; label kind and expected before evaluating", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description="Search two articles about glute massage.")
    parser.add_argument("--index-dir", type=Path, help="index directory (default: GLUTEQA_INDEX_DIR or ./index)")
    parser.add_argument("--corpus-dir", type=Path, help="corpus directory (default: GLUTEQA_CORPUS_DIR or ./corpus)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("build", help="(re)build the index from the corpus, atomically")

    search = sub.add_parser("search", help="search the articles")
    search.add_argument("question", help="the question, or - to read one question per line from stdin")
    search.add_argument("--top-k", type=int, default=5, help="passages per question (default 5)")
    search.add_argument("--json", action="store_true", help="one JSON object per question")
    search.add_argument("--retriever", choices=RETRIEVERS, default="hybrid")

    ask = sub.add_parser("ask", help="a chat reply: lead, passages with attribution, disclaimer")
    ask.add_argument("question", help="the message, or - to read one message per line from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per message")
    ask.add_argument(
        "--history",
        action="append",
        metavar="MESSAGE",
        help="an earlier message, for follow-ups (repeatable, oldest first)",
    )

    ev = sub.add_parser("evaluate", help="measure retrieval quality on a labelled question file")
    ev.add_argument(
        "--questions",
        action="append",
        help="JSONL question file; repeat for several (default: every file in eval/)",
    )
    ev.add_argument("--top-k", type=int, default=5)
    ev.add_argument("--retriever", choices=RETRIEVERS, default="hybrid")
    ev.add_argument(
        "--compare", action="store_true", help="hybrid, dense, bm25 and the LangChain baseline side by side"
    )
    ev.add_argument(
        "--ablations", action="store_true", help="also hybrid with one change at a time (on eval/dev.jsonl)"
    )
    ev.add_argument("--json", action="store_true")
    ev.add_argument(
        "--report", metavar="DIR", help="write report.md, report.json and scores.png into DIR (implies the rest)"
    )

    feedback = sub.add_parser("feedback", help="the thumbs up/down log")
    actions = feedback.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="disliked answers as candidate questions (eval JSONL) to label")
    export.add_argument("--log", help="feedback log (default: GLUTEQA_FEEDBACK_LOG or feedback/feedback.jsonl)")
    export.add_argument("--out", help="write here instead of stdout")
    return parser


COMMANDS = {
    "build": cmd_build,
    "search": cmd_search,
    "ask": cmd_ask,
    "evaluate": cmd_evaluate,
    "feedback": cmd_feedback,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "top_k", 1) < 1:
        parser.error(f"--top-k must be at least 1, got {args.top_k}")
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.index_dir:
        settings = replace(settings, index_dir=args.index_dir.resolve())
    if args.corpus_dir:
        settings = replace(settings, corpus_dir=args.corpus_dir.resolve())
    try:
        return COMMANDS[args.command](args, settings)
    except RetrievalError as exc:
        print(f"error: {exc.user_message()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0
