"""Steps a learner takes in JupyterLab, as Playwright calls."""

from __future__ import annotations

import uuid

import nbformat
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Every code cell shows its execution number, e.g. "[3]:" (not "[ ]:" or "[*]:").
_ALL_RAN = r"""() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\[\d+\]/.test(p.textContent));
}"""


def open_notebook(page: Page, lab_url: str, path: str) -> None:
    """Open a notebook in a fresh workspace (no tabs restored) and wait for its kernel."""
    page.goto(f"{lab_url}/lab/workspaces/{uuid.uuid4().hex}/tree/{path}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    # A fresh server can ask which kernel to use before its kernel list has loaded;
    # a learner would press Select, so the test does too.
    select = page.get_by_role("dialog").get_by_role("button", name="Select", exact=True)
    try:
        select.wait_for(timeout=3_000)
    except PlaywrightTimeout:
        pass
    else:
        select.click()
    expect(
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first
    ).to_be_attached(timeout=60_000)


def run_all(page: Page) -> None:
    """Run → Run All Cells, then wait until every code cell has run."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_ALL_RAN, timeout=90_000)


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
