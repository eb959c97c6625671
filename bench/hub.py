"""How many learners does one machine hold? A real JupyterHub, measured, against one
learner alone on `exercises lab`.

For each N (2, 4, 8, 16 by default), N learners' servers are asked for at once through
the hub's REST API, as a class arriving together. For each learner:

  ready:     from the ask to lesson 00 of their copy answering (the server started, and
             the course's extension made the copy);
  run 03:    every code cell of lesson 03 run through the kernel, all N at once;
  memory:    the server and its kernel (resident, MB), after the run;
  CPU:       the CPU seconds their server and kernel used from the ask to the end of the
             run, and that as cores over the whole time measured.

and the hub's own memory (the hub, its proxy and its culler). Each figure is reported as
p50 and p95 over the learners. The baseline is one learner alone on `exercises lab`,
measured the same way in the same run. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import psutil
from quick import add_quick  # bench/ is the script's own folder
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the hub the tests run (tests/browser/hubs.py)

from tests.browser.hubs import free_port, running_hub  # noqa: E402

LESSON_00 = "lower-back-course/lessons/00-start-here.ipynb"
LESSON_03 = "lessons/03-understanding-back-pain.ipynb"
MB = 1024 * 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _answers(url: str, token: str, timeout: float = 180) -> None:
    """Wait until ``url`` answers 200 (a server starting, then its copy being made)."""
    client, deadline = AsyncHTTPClient(), time.monotonic() + timeout
    while True:
        request = HTTPRequest(url, headers={"Authorization": f"token {token}"})
        try:
            reply = await client.fetch(request, raise_error=False)
        except OSError:  # not listening yet
            code = 0
        else:
            code = reply.code
        if code == 200:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} answered {code}")
        await asyncio.sleep(0.25)  # polling a starting server


def _message(code: str, session: str) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "username": "bench", "session": session,
              "msg_type": "execute_request", "version": "5.3"}  # fmt: skip
    content = {"code": code, "silent": False, "store_history": True,
               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
    body = {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": []}  # fmt: skip
    return msg_id, json.dumps(body)


async def run_all(base: str, token: str, path: str, notebook: Path) -> float:
    """Run every code cell of ``notebook`` in a kernel of the server at ``base`` (its
    session for ``path``, as JupyterLab opens one); return the seconds it took."""
    client, auth = AsyncHTTPClient(), {"Authorization": f"token {token}"}
    body = json.dumps({"path": path, "type": "notebook", "kernel": {"name": "python3"}})
    reply = await client.fetch(
        HTTPRequest(f"{base}/api/sessions", method="POST", body=body, headers=auth)
    )
    kernel = json.loads(reply.body)["kernel"]["id"]
    socket = await websocket_connect(
        HTTPRequest(f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel}/channels", headers=auth)
    )
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    session, start = uuid.uuid4().hex, time.perf_counter()
    for code in cells:
        msg_id, text = _message(code, session)
        await socket.write_message(text)
        while True:
            raw = await socket.read_message()
            if raw is None:
                raise RuntimeError("the kernel's channel closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_reply":
                if msg["content"]["status"] != "ok":
                    raise RuntimeError(f"a cell of {path} failed: {msg['content']}")
                break
    seconds = time.perf_counter() - start
    socket.close()
    return seconds


def _tree(pid: int) -> list[psutil.Process]:
    process = psutil.Process(pid)
    return [process, *process.children(recursive=True)]


def _rss_mb(processes: list[psutil.Process]) -> float:
    return sum(p.memory_info().rss for p in processes if p.is_running()) / MB


def _cpu_s(processes: list[psutil.Process]) -> float:
    total = 0.0
    for p in processes:
        if p.is_running():
            times = p.cpu_times()
            total += times.user + times.system
    return total


async def _class(hub, n: int) -> dict:
    """N learners at once: ready, run 03, memory and cores of each; the hub's memory."""
    names = [f"learner{n}-{i}" for i in range(n)]
    start = time.perf_counter()

    async def learner(name: str) -> dict:
        asked = time.perf_counter()
        await asyncio.to_thread(hub.start, name)
        await asyncio.to_thread(hub.wait_ready, name, 300)
        base = f"{hub.url}/user/{name}"
        await _answers(f"{base}/api/contents/{LESSON_00}?content=0", hub.token)
        ready = time.perf_counter() - asked
        notebook = hub.home(name) / "lower-back-course" / LESSON_03
        ran = await run_all(base, hub.token, f"lower-back-course/{LESSON_03}", notebook)
        return {"name": name, "ready": ready, "run": ran}

    results = await asyncio.gather(*(learner(name) for name in names))
    wall = time.perf_counter() - start
    servers = {name: hub.pid(name) for name in names}
    trees = {name: _tree(pid) for name, pid in servers.items()}
    every_server = {p.pid for tree in trees.values() for p in tree}
    own = [p for p in _tree(hub.process.pid) if p.pid not in every_server]
    figures = {
        "n": n,
        "ready_s": [r["ready"] for r in results],
        "run_s": [r["run"] for r in results],
        "mb": [_rss_mb(trees[r["name"]]) for r in results],
        "cpu_s": [_cpu_s(trees[r["name"]]) for r in results],
        "cores": [_cpu_s(trees[r["name"]]) / wall for r in results],
        "hub_mb": _rss_mb(own),
    }
    for name in names:  # the next N starts on a quiet machine
        await asyncio.to_thread(hub.api, "DELETE", f"/users/{name}/server")
    return figures


def _alone(folder: Path) -> dict:
    """One learner on `exercises lab`, measured the same way: the baseline."""
    port, token = free_port(), uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXERCISES_", "JUPYTER"))}
    env |= {"EXERCISES_WORKSPACE": str(folder / "ws"), "EXERCISES_HOME": str(folder / "home"),
            "JUPYTER_TOKEN": token, "HOME": str(folder)}  # fmt: skip
    command = [sys.executable, "-m", "exercises_lib", "lab", "--no-browser", "--port", str(port),
               "--", "--ip=127.0.0.1"]  # fmt: skip
    asked = time.perf_counter()
    with (folder / "lab.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        lesson = "lessons/00-start-here.ipynb"
        asyncio.run(_answers(f"{base}/api/contents/{lesson}?content=0", token))
        ready = time.perf_counter() - asked
        ran = asyncio.run(run_all(base, token, LESSON_03, folder / "ws" / LESSON_03))
        tree = _tree(process.pid)
        cpu = _cpu_s(tree)
        cores = cpu / (time.perf_counter() - asked)
        return {"ready_s": ready, "run_s": ran, "mb": _rss_mb(tree), "cpu_s": cpu, "cores": cores}
    finally:
        process.terminate()
        process.wait(timeout=30)


def _row(label: str, values: list[float], unit: str) -> str:
    return f"{label} p50 {_pct(values, 0.5):6.1f} {unit}  p95 {_pct(values, 0.95):6.1f} {unit}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", default="2,4,8,16", help="the class sizes to measure")
    add_quick(parser)
    args = parser.parse_args()
    sizes = [1] if args.quick else [int(n) for n in args.learners.split(",")]
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        alone = _alone(Path(tmp))
        hub_folder = Path(tmp) / "hub"
        hub_folder.mkdir()
        runs = []
        with running_hub(hub_folder) as hub:
            for n in sizes:
                figures = asyncio.run(_class(hub, n))
                runs.append(figures)
                print(f"N = {n}:")
                print("  " + _row("lesson 00 ready", figures["ready_s"], "s"))
                print("  " + _row("Run All 03     ", figures["run_s"], "s"))
                print("  " + _row("server+kernel  ", figures["mb"], "MB"))
                print("  " + _row("CPU            ", figures["cpu_s"], "s"))
                print("  " + _row("cores          ", figures["cores"], ""))
                print(f"  hub, proxy and culler: {figures['hub_mb']:.0f} MB")
    print(
        f"alone on `exercises lab`: ready {alone['ready_s']:.1f} s, Run All 03 "
        f"{alone['run_s']:.1f} s, {alone['mb']:.0f} MB, {alone['cpu_s']:.1f} s CPU, "
        f"{alone['cores']:.2f} cores"
    )
    summary = [
        {
            "n": r["n"],
            **{
                f"{key}_{q}": round(_pct(r[key], p), 3)
                for key in ("ready_s", "run_s", "mb", "cpu_s", "cores")
                for q, p in (("p50", 0.5), ("p95", 0.95))
            },
            "hub_mb": round(r["hub_mb"], 1),
        }
        for r in runs
    ]
    print(
        json.dumps(
            {"bench": "hub", "runs": summary, "alone": {k: round(v, 3) for k, v in alone.items()}}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
