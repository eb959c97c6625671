"""The static site against a bare JupyterLite site built the same way, in the same run.

  size:         the site as served, in MB (budget: 80);
  first widget: from asking for lesson 00 to its first widget on screen, Run All
                pressed as soon as the kernel is ready, against the bare site's first
                notebook showing its first output the same way (budget: 2x);
  run 03:       Run All of lesson 03 in the browser, from the click to every cell done,
                against the same lesson on a local kernel (nbclient, kernel started
                first) (budget: 3x);
  build:        `exercises site` into an empty folder with an empty work folder (cold),
                then again with nothing changed (warm: the site is reused).

The bare site has the same Pyodide core and lock step, and one notebook of one cell;
both are served from 127.0.0.1 to Chromium with every other request refused. The last
line is one JSON object. --quick builds the course's site once, reusing the cache `make
site` keeps, and opens lesson 00.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from playwright.sync_api import Page, sync_playwright
from quick import add_quick, empty_caches  # bench/ is the script's own folder

from exercises_lib.browser import launch_options
from exercises_lib.site import browser_requirements

REPO = Path(__file__).resolve().parent.parent
SITE_PYTHON = REPO / ".venv-site" / "bin" / "python"
LESSON_03 = "lessons/03-understanding-back-pain.ipynb"
MB = 1024 * 1024
_RAN = """() => { const prompts = [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }"""


def _size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MB


def _build_course_site(out: Path, work: Path) -> float:
    start = time.perf_counter()
    command = [str(SITE_PYTHON), "-m", "exercises_lib", "site", "--out", str(out)]
    subprocess.run([*command, "--work", str(work)], check=True, capture_output=True)
    return time.perf_counter() - start


def _build_bare_site(course_work: Path, out: Path) -> None:
    """The same core and lock step, without the course: one notebook of one cell."""
    needed, left_out = browser_requirements()
    lite = out.parent / "bare-lite"
    shutil.copytree(course_work / "lite" / "static", lite / "static")
    shutil.rmtree(lite / "static" / "pyodide-lock", ignore_errors=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('ready')")])
    nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)"}
    (lite / "files").mkdir()
    nbformat.write(nb, lite / "files" / "first.ipynb")
    config = {
        "LiteBuildConfig": {"contents": ["files"], "no_sourcemaps": True, "apps": ["lab"]},
        # the kernel and the packages the course needs, as the course's site has them
        "PyodideLockAddon": {"enabled": True, "specs": needed, "excludes_extra": left_out},
    }
    (lite / "jupyter_lite_config.json").write_text(json.dumps(config))
    command = [str(SITE_PYTHON), "-m", "jupyterlite_core", "build", "--output-dir", str(out)]
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run(command, cwd=lite, check=True, capture_output=True, env=env)


def _serve(folder: Path) -> tuple[subprocess.Popen, str]:
    """``folder`` served on a free port of 127.0.0.1, once it answers; and its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    server = subprocess.Popen([*command, "--directory", str(folder)], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _try in range(200):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return server, url
        except OSError:
            time.sleep(0.05)  # polling a starting server
    server.kill()
    sys.exit(f"the server for {folder} did not start")


def _open_and_run(page: Page, url: str, path: str, shown: str) -> tuple[float, float]:
    """Seconds from asking for the notebook to ``shown`` on screen (Run All pressed as
    soon as the kernel is ready), and from pressing Run All to every cell done."""
    start = time.perf_counter()
    page.goto(f"{url}/lab/index.html?path={path}")
    idle = page.locator(".jp-StatusBar-TextItem").filter(has_text="Idle").first
    idle.wait_for(timeout=180_000)
    clicked = time.perf_counter()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.locator(shown).first.wait_for(timeout=180_000)
    first = time.perf_counter() - start
    page.wait_for_function(_RAN, timeout=180_000)
    return first, time.perf_counter() - clicked


def _in_chromium(url: str, path: str, shown: str) -> tuple[float, float]:
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(url) else r.abort(),
        )
        try:
            return _open_and_run(context.new_page(), url, path, shown)
        finally:
            browser.close()


def _local_run(path: Path) -> float:
    """Every cell of ``path`` on a local kernel, timed from its first cell (kernel ready)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=120, resources={})
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_quick(parser)
    args = parser.parse_args()
    if not SITE_PYTHON.exists():
        sys.exit("no .venv-site: run make site-tools first")
    root = Path(tempfile.mkdtemp(prefix="bench-site-"))
    empty_caches(root / "home")
    # a real run times a cold build; a quick one reuses the cache `make site` keeps
    work = REPO / "build" / "site-work" if args.quick else root / "site-work"
    cold = _build_course_site(root / "site", work)
    figures: dict[str, object] = {
        "bench": "site",
        "size_mb": round(_size(root / "site"), 1),
        "build_s" if args.quick else "build_cold_s": round(cold, 1),
    }
    if not args.quick:
        figures["build_warm_s"] = round(_build_course_site(root / "site", work), 1)
    server, url = _serve(root / "site")
    try:
        first, _ = _in_chromium(url, "lessons/00-start-here.ipynb", ".jupyter-widgets")
        figures["first_widget_s"] = round(first, 1)
        if not args.quick:
            _, run03 = _in_chromium(url, LESSON_03, ".jp-OutputArea-output")
            figures["run03_browser_s"] = round(run03, 1)
    finally:
        server.terminate()
    if not args.quick:
        _build_bare_site(work, root / "bare")
        figures["bare_size_mb"] = round(_size(root / "bare"), 1)
        server, url = _serve(root / "bare")
        try:
            bare, _ = _in_chromium(url, "first.ipynb", ".jp-OutputArea-output")
        finally:
            server.terminate()
        local = _local_run(REPO / LESSON_03)
        figures |= {
            "bare_first_output_s": round(bare, 1),
            "first_widget_vs_bare": round(first / bare, 2),
            "run03_local_s": round(local, 2),
            "run03_vs_local": round(run03 / local, 2),
        }
    shutil.rmtree(root, ignore_errors=True)
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
