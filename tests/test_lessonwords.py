"""The course's notebooks in Spanish: the same cells, tags and code, with no drift from English."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
import yaml
from pypdf import PdfReader

from exercises_lib.cli import main
from exercises_lib.coursefiles import learner_cells
from exercises_lib.i18n import forget_language
from exercises_lib.lessonwords import drift, english_key, is_course_notebook, translate, words_path
from exercises_lib.workspace import sync_workspace

from .conftest import DATA, REPO

NOTEBOOKS = sorted((REPO / "lessons").glob("*.ipynb")) + sorted(
    (REPO / "notebooks").glob("*.ipynb")
)


def test_every_notebook_has_spanish_words():
    """Each lesson and tool notebook has its Spanish words beside it."""
    assert len(NOTEBOOKS) >= 14
    assert [] == [p.name for p in NOTEBOOKS if not words_path(p, "es").is_file()]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_spanish_words_match_the_english_cells(notebook):
    """Every markdown cell is translated from what the English cell says today."""
    assert [] == drift(notebook, "es")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_spanish_notebook_has_the_same_cells_tags_and_code(notebook):
    """Only markdown words differ: the code, the tags and the order are the English ones."""
    english = nbformat.read(notebook, as_version=4)
    spanish = translate(english, notebook, "es")
    assert [c.cell_type for c in english.cells] == [c.cell_type for c in spanish.cells]
    assert [c.get("metadata") for c in english.cells] == [c.get("metadata") for c in spanish.cells]
    code = [(c.source, c.source) for c in english.cells if c.cell_type == "code"]
    assert code == [
        (a.source, b.source)
        for a, b in zip(english.cells, spanish.cells, strict=True)
        if a.cell_type == "code"
    ]
    changed = [
        a.id for a, b in zip(english.cells, spanish.cells, strict=True) if a.source != b.source
    ]
    assert changed == [c.id for c in english.cells if c.cell_type == "markdown"]


def test_a_changed_english_cell_is_named_with_its_new_key(tmp_path):
    """Editing an English cell without its translation fails, naming the cell and the fix."""
    lessons = tmp_path / "lessons"
    shutil.copytree(REPO / "lessons", lessons)
    notebook = lessons / "04-bird-dog.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.id != nb.cells[0].id)
    cell.source += "\n\nOne more sentence."
    nbformat.write(nb, notebook)
    problems = drift(notebook, "es")
    assert 1 == len(problems)
    assert f"cell {cell.id} changed in English" in problems[0]
    assert english_key(cell) in problems[0]


def test_a_missing_translation_is_named(tmp_path):
    """A markdown cell with no Spanish words is reported."""
    lessons = tmp_path / "lessons"
    shutil.copytree(REPO / "lessons", lessons)
    words = words_path(lessons / "04-bird-dog.ipynb", "es")
    data = yaml.safe_load(words.read_text(encoding="utf-8"))
    dropped = data["cells"].pop()
    words.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert [f"{words}: cell {dropped['id']} is not translated"] == drift(
        lessons / "04-bird-dog.ipynb", "es"
    )


def test_a_spanish_lesson_is_one_of_the_course_s_own():
    """The translated lesson, and a learner's copy of it, are trusted to run; an edited one is not."""
    notebook = REPO / "lessons" / "04-bird-dog.ipynb"
    spanish = translate(nbformat.read(notebook, as_version=4), notebook, "es")
    assert is_course_notebook(spanish)
    copy = nbformat.from_dict({**spanish, "cells": learner_cells(spanish.cells)})
    assert is_course_notebook(copy)
    copy.cells[-1].source += "\nprint('mine')"
    assert not is_course_notebook(copy)


def test_the_workspace_follows_the_learner_s_language(tmp_path, monkeypatch):
    """A Spanish learner's copies are in Spanish; back in English, untouched copies are refreshed."""
    workspace = tmp_path / "mine"
    monkeypatch.setenv("EXERCISES_LANG", "es")
    first = sync_workspace(REPO, workspace)
    assert first.switched is None  # a first copy replaces nothing, so it says nothing
    copy = nbformat.read(workspace / "lessons" / "04-bird-dog.ipynb", as_version=4)
    words = yaml.safe_load(words_path(REPO / "lessons" / "04-bird-dog.ipynb", "es").read_text())
    assert words["cells"][0]["text"].rstrip("\n") == copy.cells[0].source
    monkeypatch.setenv("EXERCISES_LANG", "en")
    forget_language()  # the learner chose English since
    report = sync_workspace(REPO, workspace)
    assert "lessons/04-bird-dog.ipynb" in report.updated
    # m18: a change of language says first what it did to the copies
    said = report.lines()[0]
    assert ("es", "en") == report.switched
    assert said.startswith("Your copies of the lessons were in Español; they are now in English.")
    assert "replaced" in said and "kept" in said
    english = nbformat.read(REPO / "lessons" / "04-bird-dog.ipynb", as_version=4)
    copy = nbformat.read(workspace / "lessons" / "04-bird-dog.ipynb", as_version=4)
    assert english.cells[0].source == copy.cells[0].source


@pytest.mark.slow
def test_a_spanish_lesson_handout_names_spain_s_routes(tmp_path, monkeypatch, capsys):
    """`EXERCISES_LANG=es EXERCISES_REGION=ES exercises handouts --lessons 04` is Spanish: lang="es"
    in the HTML and the PDF, and Spain's emergency number and no other."""
    monkeypatch.setenv("EXERCISES_LANG", "es")
    monkeypatch.setenv("EXERCISES_REGION", "ES")
    out = tmp_path / "out"
    assert 0 == main(["handouts", "--lessons", "04", "--format", "both", "--out", str(out)])
    page = (out / "lesson-04-bird-dog.html").read_text(encoding="utf-8")
    assert "es" == PdfReader(out / "lesson-04-bird-dog.pdf").trailer["/Root"]["/Lang"]
    regions = {r["code"]: r for r in yaml.safe_load((DATA / "regions.yaml").read_text())["regions"]}
    words = yaml.safe_load(words_path(REPO / "lessons" / "04-bird-dog.ipynb", "es").read_text())
    assert re.search(r'<html lang="es"', page)
    assert words["cells"][-1]["text"].splitlines()[0].lstrip("# ") in page
    assert regions["ES"]["number"] in page
    others = {r["number"] for code, r in regions.items() if r["number"] != regions["ES"]["number"]}
    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
    assert [] == [n for n in others if re.search(rf"\b{n}\b", text)]


def test_the_spanish_trainer_guide_is_in_step_with_the_english_one(tmp_path):
    """The Spanish guide names the English it was made from; a change to the English fails."""
    from exercises_lib.guide import guide_drift, guide_key, translated_guide

    english = REPO / "lessons" / "TRAINER-GUIDE.md"
    assert translated_guide(english, "es").is_file()
    assert [] == guide_drift(english, "es")
    changed = tmp_path / "lessons" / "TRAINER-GUIDE.md"
    (changed.parent / "locales" / "es").mkdir(parents=True)
    shutil.copy(translated_guide(english, "es"), translated_guide(changed, "es"))
    changed.write_text(english.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    problems = guide_drift(changed, "es")
    assert 1 == len(problems)
    assert guide_key(changed.read_text(encoding="utf-8")) in problems[0]


def test_the_guide_s_blocks_are_made_in_each_guide_s_own_language(capsys):
    """`exercises guide --check` checks the English and the Spanish guide, each in its words."""
    from exercises_lib.guide import translated_guide

    assert 0 == main(["guide", "--check"])
    out = capsys.readouterr().out
    assert 2 == out.count("match it")
    spanish = translated_guide(REPO / "lessons" / "TRAINER-GUIDE.md", "es").read_text("utf-8")
    overlay = yaml.safe_load((DATA / "locales" / "es" / "safety.yaml").read_text("utf-8"))
    assert overlay["warning_signs"]["emergency"]["items"][0] in spanish


def test_a_cell_changed_in_english_is_never_shown_in_its_older_translation(
    course, tmp_path, monkeypatch
):
    """A Spanish copy made after the English of a cell changed (a new safety line) shows
    that cell's current English with a note, and `update` says so; words for a cell the
    lesson does not have are named too."""
    import nbformat
    import yaml

    from exercises_lib.i18n import LANG_ENV
    from exercises_lib.workspace import sync_workspace

    lesson = course / "lessons" / "04-bird-dog.ipynb"
    words = course / "lessons" / "locales" / "es" / "04-bird-dog.yaml"
    data = yaml.safe_load(words.read_text(encoding="utf-8"))
    assert data["cells"]
    nb = nbformat.read(lesson, as_version=4)
    translated = {cell["id"] for cell in data["cells"]}
    changed = next(c for c in nb.cells if c.cell_type == "markdown" and c.id in translated)
    changed.source += "\n\nA NEW SAFETY LINE."
    nbformat.write(nb, lesson)
    data["cells"].append({"id": "no-such-cell", "english": "0" * 12, "text": "Sobra."})
    words.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv(LANG_ENV, "es")
    forget_language()

    report = sync_workspace(course, tmp_path / "mine")

    copy = nbformat.read(tmp_path / "mine" / "lessons" / "04-bird-dog.ipynb", as_version=4)
    shown = next(c for c in copy.cells if c.get("id") == changed.id)
    assert "A NEW SAFETY LINE." in shown.source
    older = next(cell["text"] for cell in data["cells"] if cell["id"] == changed.id)
    assert older.strip() not in shown.source
    lines = "\n".join(report.lines())
    assert "lessons/04-bird-dog.ipynb: 1 " in lines
    assert "no-such-cell" in lines
