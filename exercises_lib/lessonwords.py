"""The course's notebooks in other languages: the same cells, tags and code, other words.

A lesson in Spanish is not a second notebook to keep in step by hand. It is the English
lesson with the text of each markdown cell replaced, from
``lessons/locales/es/04-bird-dog.yaml`` (tool notebooks: ``notebooks/locales/es/``)::

    lesson: 04-bird-dog
    cells:
      - id: 1f0c2a7e            # the English cell's id
        english: 3b9d0c41e2aa   # what the English cell said when it was translated
        text: |
          # Lección 3: el perro de caza

Code cells, tags and order come from the English notebook only, so the two cannot
drift; ``drift`` names every markdown cell whose English changed since it was
translated, or that has no translation yet.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .coursefiles import course_dir, is_course_lesson, learner_cells, read_notebook, trust_key
from .errors import CatalogError, Problem
from .i18n import SOURCE_LANGUAGE, _
from .yamlreader import read_yaml

__all__ = [
    "LOCALES",
    "drift",
    "english_key",
    "in_english",
    "is_course_notebook",
    "translate",
    "words_path",
]

LOCALES = "locales"


def english_key(cell: Mapping[str, Any]) -> str:
    """A short fingerprint of what an English cell says."""
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def words_path(notebook: Path, lang: str) -> Path:
    """Where a notebook's words in ``lang`` live: beside it, under locales/<lang>/."""
    return notebook.parent / LOCALES / lang / f"{notebook.stem}.yaml"


def _words(path: Path) -> dict[str, tuple[str, str]]:
    """Each translated cell's id with (the English key it was made from, its text)."""
    _text, data, problems = read_yaml(path)
    cells = data.get("cells") if isinstance(data, dict) else None
    if not problems and not isinstance(cells, list):
        problems = [
            Problem(str(path), 1, 1, "cells", "expected a list of cells (id, english, text)")
        ]
    if problems or not isinstance(cells, list):
        raise CatalogError(problems)
    words = {}
    for i, cell in enumerate(cells):
        if not (
            isinstance(cell, dict)
            and all(isinstance(cell.get(k), str) for k in ("id", "english", "text"))
        ):
            message = "each cell needs id, english and text, all text"
            raise CatalogError([Problem(str(path), None, None, f"cells[{i}]", message)])
        words[cell["id"]] = (cell["english"], cell["text"])
    return words


# Where a translated copy records the cells it shows in English (see ``in_english``).
_IN_ENGLISH = "in_english"


def translate(nb: Any, notebook: Path, lang: str) -> Any:
    """``nb`` (read from ``notebook``) with its markdown in ``lang``; as it is for English or
    when there are no words for that language. Cells not translated yet stay English.

    A cell whose English changed since it was translated (a new safety line) is shown in
    its current English with a note, never in the older words; ``in_english`` names those
    cells, and the words for cells the notebook does not have.
    """
    path = words_path(notebook, lang)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return nb
    words = _words(path)
    out = copy.deepcopy(nb)
    stale = []
    for cell in out.cells:
        if cell.cell_type != "markdown" or cell.get("id") not in words:
            continue
        made_from, text = words[cell["id"]]
        if made_from == english_key(cell):
            cell.source = text.rstrip("\n")
        else:
            stale.append(cell["id"])
            note = _(
                "This part is in English: it changed after it was translated, and the "
                "translation is not up to date yet."
            )
            cell.source = cell.source.rstrip("\n") + f"\n\n*{note}*"
    ids = {cell.get("id") for cell in out.cells}
    unknown = sorted(cid for cid in words if cid not in ids)
    out.metadata["exercises"] = {
        **out.metadata.get("exercises", {}),
        "language": lang,
        _IN_ENGLISH: {"changed": stale, "unknown": unknown},
    }
    return out


def in_english(nb: Any) -> tuple[list[str], list[str]]:
    """The cells a translated copy shows in English because their English changed, and the
    translated cells its words name that the notebook does not have."""
    found = nb.get("metadata", {}).get("exercises", {}).get(_IN_ENGLISH, {})
    return list(found.get("changed", [])), list(found.get("unknown", []))


def drift(notebook: Path, lang: str) -> list[str]:
    """What keeps the notebook's words in ``lang`` from matching its English cells."""

    nb = read_notebook(notebook)
    path = words_path(notebook, lang)
    words = _words(path) if path.is_file() else {}
    markdown = {c["id"]: c for c in nb.cells if c.cell_type == "markdown"}
    problems = [f"{path}: cell {cid} is not translated" for cid in markdown if cid not in words]
    problems += [
        f"{path}: cell {cid} is not a markdown cell of {notebook.name}"
        for cid in words
        if cid not in markdown
    ]
    problems += [
        f"{path}: cell {cid} changed in English since it was translated; update its text, then "
        f"its english key to {english_key(markdown[cid])}"
        for cid, (key, _text) in words.items()
        if cid in markdown and key != english_key(markdown[cid])
    ]
    return problems


@cache
def _translated_keys(folder: Path) -> frozenset[str]:

    keys = set()
    for notebook in folder.glob("[0-9][0-9]-*.ipynb"):
        for words in (notebook.parent / LOCALES).glob(f"*/{notebook.stem}.yaml"):
            nb = translate(read_notebook(notebook), notebook, words.parent.name)
            keys |= {trust_key(nb.cells), trust_key(learner_cells(nb.cells))}
    return frozenset(keys)


def is_course_notebook(nb: Mapping[str, Any]) -> bool:
    """One of the course's own lessons, in English or in one of its translations."""
    if is_course_lesson(nb):
        return True
    return trust_key(nb.get("cells", [])) in _translated_keys(course_dir() / "lessons")
