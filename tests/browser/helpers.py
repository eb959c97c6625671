"""Steps a learner takes in JupyterLab, as Playwright calls."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

# Every code cell shows its execution number, e.g. "[3]:" (not "[ ]:" or "[*]:").
_ALL_RAN = r"""() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\[\d+\]/.test(p.textContent));
}"""


# Records what the page asks the browser to say, and in which language, instead of saying
# it; headless Chromium has no voices, so one is named (with no voice the coach plays a tone).
RECORD_SPEECH = """
window.__spoken = [];
window.__spoken_lang = [];
if (window.speechSynthesis) {
  window.speechSynthesis.getVoices = () => [{lang: "en-GB", name: "recorder"}];
  window.speechSynthesis.speak = (utterance) => {
    window.__spoken.push(utterance.text);
    window.__spoken_lang.push(utterance.lang);
    if (utterance.onstart) utterance.onstart();
  };
  window.speechSynthesis.cancel = () => {};
}
"""


def projector_overflow(page: Page) -> list[str]:
    """What of the projector circuit is drawn past the bottom or right of the screen, and
    whether the page scrolls: both empty on a wall."""
    return page.evaluate(
        """() => {
          const out = [];
          const w = innerWidth, h = innerHeight;
          for (const el of document.querySelectorAll('.exl-projector *')) {
            const r = el.getBoundingClientRect();
            if (r.width && r.height && getComputedStyle(el).visibility !== 'hidden'
                && (r.bottom > h + 1 || r.right > w + 1)) out.push(el.className || el.tagName);
          }
          for (const el of [document.documentElement, document.body]) {
            if (el.scrollHeight > h + 1) out.push('page scrolls: ' + el.scrollHeight);
          }
          return out;
        }"""
    )


def axe_findings(page: Page, context: object = None, also: tuple[str, ...] = ()) -> list:
    """axe-core's serious and critical findings on ``page`` (within ``context``), and any
    of the rules named in ``also``: each rule's id and its first three places."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") or v["id"] in also
    ]


def start_server(command: list[str], url: str, log_path: Path, **popen: object) -> subprocess.Popen:
    """Start a server and poll ``url`` until it answers (60 s at most); fail with its log."""
    log = log_path.open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{command[2:4]} did not start; see {log_path}")
        time.sleep(0.25)  # polling a starting server, not asserting on time


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


_KERNEL_AT_REST = re.compile(r"^Python 3.* \| Idle$")


def open_notebook(page: Page, lab_url: str, path: str) -> None:
    """Open a notebook in a fresh workspace (no tabs restored) and wait for its kernel."""
    page.goto(f"{lab_url}/lab/workspaces/{uuid.uuid4().hex}/tree/{path}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    # A fresh server can ask which kernel to use before its kernel list has loaded;
    # a learner would press Select, so the test does too. Whichever comes first, the
    # question or a kernel at rest, is waited for: no fixed wait for a question that
    # mostly never comes.
    # (The toolbar's execution indicator says "idle" before any kernel is there; the
    # status bar names the kernel and says Idle only once it is.)
    select = page.get_by_role("dialog").get_by_role("button", name="Select", exact=True)
    idle = page.locator(".jp-StatusBar-TextItem").filter(has_text=_KERNEL_AT_REST).first
    select.or_(idle).first.wait_for(timeout=60_000)
    if select.is_visible():
        select.click()
    expect(idle).to_be_visible(timeout=60_000)


def run_all(page: Page) -> None:
    """Run → Run All Cells, then wait until every code cell has run."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_ALL_RAN, timeout=90_000)


def session_and_pain_check(page: Page, before: int, after: int) -> None:
    """In lesson 08, run: Start waits for the checklist; pick pain before, start the
    session (its count goes down), pause it with the P key, and save the pain check."""
    start = page.locator("button.exl-start").first
    expect(start).to_have_attribute("aria-disabled", "true")
    boxes = page.locator(".exl-safety-checklist input[type=checkbox]")
    expect(boxes.first).to_be_visible()
    for i in range(boxes.count()):
        boxes.nth(i).check()
    scales = page.locator(".exl-pain-scale")
    scales.nth(0).get_by_role("button", name=str(before), exact=True).click()
    expect(start).to_have_attribute("aria-disabled", "false")
    start.click()
    box = page.locator(".exl-phase-box").first
    expect(box).not_to_have_attribute("data-phase", "idle", timeout=10_000)
    count = page.locator(".exl-count").first
    first = count.text_content()
    expect(count).not_to_have_text(first or "", timeout=10_000)  # the timer counts
    page.wait_for_function("document.activeElement.classList.contains('exl-pause')")
    page.keyboard.press("p")
    expect(box).to_have_attribute("data-phase", "paused", timeout=10_000)
    scales.nth(1).get_by_role("button", name=str(after), exact=True).click()
    page.locator(".exl-nerve-signs").get_by_role("button", name="No", exact=True).click()
    page.locator("button.exl-pain-save").click()
    expect(page.locator(".exl-pain-check").last).to_contain_text("Saved", timeout=10_000)


def write_notebook(path, cells: list[str]) -> None:
    """A small notebook of code cells, for tests that need a short demo dose."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in cells],
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        },
    )
    nbformat.write(nb, path)
