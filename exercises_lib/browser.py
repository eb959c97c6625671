"""Find a Chromium for PDF handouts and browser tests, or say exactly how to get one.

Order: a configured path ($EXERCISES_CHROMIUM), a system Chromium or Chrome, then
Playwright's own download. ``python -m exercises_lib.browser --install`` installs one
where none is found (Debian's package as root, else Playwright's download).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import ExercisesError
from .i18n import _

__all__ = [
    "CHROMIUM_ARGS",
    "BrowserMissingError",
    "chromium_args",
    "find_chromium",
    "launch_options",
]

BROWSER_ENV = "EXERCISES_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless Chromium in containers: no GPU, and no calls home (a closed network makes
# those hang or spam errors). The sandbox stays on except for root (see launch_options).
CHROMIUM_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def how_to_get_one() -> str:
    """What to do when no browser is found, in the learner's language."""
    return _(
        "No Chromium or Chrome browser was found. Install one, then try again:\n"
        "  Debian/Ubuntu: sudo apt-get install chromium\n"
        "  any system:    {python} -m playwright install chromium\n"
        "  or point to one: export {variable}=/path/to/chrome"
    ).format(python=sys.executable, variable=BROWSER_ENV)  # the Python the course runs in


class BrowserMissingError(ExercisesError, RuntimeError):
    """No browser could be found; the message says how to get one."""

    def __init__(self) -> None:
        super().__init__(how_to_get_one())


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # playwright missing or its driver cannot start: no browser from it
        return None
    return path if path and Path(path).is_file() else None


def find_chromium() -> str | None:
    """The path of a usable Chromium, or None."""
    configured = os.environ.get(BROWSER_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return _playwright_chromium()


def launch_options() -> dict[str, object]:
    """Keyword arguments for Playwright's ``chromium.launch``; raises BrowserMissingError."""
    path = find_chromium()
    if path is None:
        raise BrowserMissingError
    return {"executable_path": path, "args": chromium_args(), "headless": True}


def chromium_args() -> list[str]:
    """Chromium's flags: the sandbox is dropped only for root, where Chromium refuses it."""
    args = list(CHROMIUM_ARGS)
    if _is_root():
        args.append("--no-sandbox")
    return args


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _install() -> int:
    if find_chromium():
        print(f"Browser: {find_chromium()}")
        return 0
    if _is_root() and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        # Only the browser and what it needs: recommends would pull in daemons and
        # upgrade unrelated system packages.
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            check=False,
            env=env,
        )
    if not find_chromium():
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    path = find_chromium()
    if path:
        print(f"Browser: {path}")
        return 0
    print(how_to_get_one(), file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exercises_lib.browser", description=__doc__)
    parser.add_argument("--install", action="store_true", help="install a browser if none is found")
    args = parser.parse_args(argv)
    if args.install:
        return _install()
    path = find_chromium()
    print(path or how_to_get_one())
    return 0 if path else 1


if __name__ == "__main__":
    raise SystemExit(main())
