"""The course in a browser tab: what differs when it runs in JupyterLite's Pyodide kernel.

There is no PyYAML, jsonschema or file locking in the browser, and SQLite cannot write
to the folder the browser keeps (``/drive``, jupyterlite/pyodide-kernel#35). So:

- the catalogue is read from JSON that ``exercises site`` checked and wrote into the
  package (``_lite/``), never from the YAML files;
- the learner's folder is a visible folder in ``/drive``, which the browser keeps
  between visits, so they can download or upload their log in the file browser;
- the log is worked on in a copy in the kernel's memory, and after every write the
  whole database goes back to ``/drive`` as one plain file.

Everything here is plain Python (the standard library only), so ``loading``,
``progress`` and ``i18n`` can ask it without importing anything the browser lacks.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "BROWSER_DATA",
    "DRIVE",
    "IN_BROWSER",
    "SAVED_FOLDER",
    "checked_catalog",
    "folder_language",
    "keep_log",
    "log_copy",
    "site_region",
]

IN_BROWSER = sys.platform == "emscripten"
# JupyterLite's folder in the kernel: the files of the site, kept in the browser's storage.
DRIVE = Path("/drive")
# The learner's own folder there: visible in the file browser, so the log can be downloaded.
SAVED_FOLDER = "my-progress"
# What `exercises site` wrote into the package: one checked catalogue per language, and
# the site's own defaults (site.json).
BROWSER_DATA = Path(__file__).resolve().parent / "_lite"
# Where the kernel works on the log: its own memory (Emscripten's MEMFS).
_WORK = Path("/tmp/exercises-log")


def _site_json(name: str) -> Any:
    try:
        return json.loads((BROWSER_DATA / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@cache
def checked_catalog(lang: str) -> dict[str, Any] | None:
    """The catalogue's checked data in ``lang`` as the site was built with it (else None)."""
    data = _site_json(f"catalog-{lang}.json")
    return data if isinstance(data, dict) else None


def site_region() -> str | None:
    """The region the site was built for (``exercises site --region``), else None."""
    settings = _site_json("site.json")
    region = settings.get("region") if isinstance(settings, dict) else None
    return region if isinstance(region, str) and region else None


def folder_language(cwd: Path | None = None, languages: tuple[str, ...] = ()) -> str | None:
    """The language of the notebook's folder in the site: ``/drive/es/lessons`` is Spanish.

    The site holds the course once per language, each in its own folder, and a kernel
    starts in its notebook's folder; English is at the top. Outside the site, None.
    """
    if not IN_BROWSER and cwd is None:
        return None
    here = cwd or Path.cwd()
    try:
        first = here.relative_to(DRIVE).parts[:1]
    except ValueError:
        return None
    return first[0] if first and first[0] in languages else None


def log_copy(saved: Path) -> Path:
    """A copy of the log at ``saved`` in the kernel's memory, where SQLite can write.

    A missing or empty file leaves no copy, so a new log is made. Each opening copies
    afresh: another notebook's kernel may have written since.
    """
    work = _WORK / saved.name
    work.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(work.parent, 0o700)  # the log's own checks refuse a folder others could write to
    for leftover in (work, work.with_name(f"{work.name}-wal"), work.with_name(f"{work.name}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        data = saved.read_bytes()
    except FileNotFoundError:
        data = b""
    if data:
        work.write_bytes(data)
        os.chmod(work, 0o600)
    return work


def keep_log(db: sqlite3.Connection, saved: Path) -> None:
    """Write the whole database back to ``saved`` (the browser's storage) as one file."""
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(db.serialize())  # type: ignore[attr-defined]  # Python 3.11+, as Pyodide's is
