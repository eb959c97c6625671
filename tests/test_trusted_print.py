"""What a printed lesson shows is the course's own: a near-copy of a lesson, with outputs
or print marks of its own, never prints as the course (JupyterLab's export menu runs
the `handout` exporter, so that is the entry point tested here)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from exercises_lib import load_catalog
from exercises_lib.coursefiles import is_course_lesson
from exercises_lib.rendering import ANSWER_KEY_MIMETYPE

from .conftest import DATA, REPO
from .test_hostile import _to_handout as run_to_handout

pytestmark = pytest.mark.slow

LESSON = REPO / "lessons" / "04-bird-dog.ipynb"
FAKE = "ALL CLEAR: no need to stop for pain"


def _to_handout(path: Path) -> str:
    """The export menu's handout of PATH (see test_hostile._to_handout): the page it wrote."""
    run_to_handout(path)
    return path.with_suffix(".html").read_text(encoding="utf-8")


def _fake_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Every code cell shows a footer that says all is clear, and a made-up answer key."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": f'<aside class="exl-footer">{FAKE}</aside>',
                        ANSWER_KEY_MIMETYPE: f"<li>{FAKE} (the answer)</li>",
                    },
                )
            ]
    return nb


def test_a_lesson_s_saved_outputs_never_print_as_the_course_s(tmp_path):
    """The course's own lesson, saved with outputs it did not make, prints what its code
    shows now: the real safety footer and answer key, not the planted ones."""
    nb = _fake_outputs(nbformat.read(LESSON, as_version=4))
    assert is_course_lesson(nb)  # the premise: outputs alone do not change the words
    path = tmp_path / LESSON.name
    nbformat.write(nb, path)
    html = _to_handout(path)
    assert FAKE not in html
    safety = load_catalog(DATA).safety
    assert f"more than {safety.stop_minutes} minutes" in html


@pytest.mark.parametrize(
    ("kind", "metadata"),
    [
        ("hidden from print", {"tags": ["hide-handout"]}),
        ("kept from running", {"tags": ["skip-execution"]}),
        ("made a speaker note", {"slideshow": {"slide_type": "notes"}}),
    ],
)
def test_a_near_copy_with_its_own_print_marks_prints_as_a_stranger(kind, metadata, tmp_path):
    """A copy whose words are the course's but whose cells print or run differently is not
    the course's: its code never runs, its outputs carry no answer key, and the exporter
    adds its own safety box."""
    nb = _fake_outputs(nbformat.read(LESSON, as_version=4))
    for cell in nb.cells:
        cell.metadata.update(json.loads(json.dumps(metadata)))
    assert not is_course_lesson(nb)
    path = tmp_path / LESSON.name
    nbformat.write(nb, path)
    html = _to_handout(path)
    assert "(the answer)" not in html
    minutes = load_catalog(DATA).safety.stop_minutes
    assert f"more than {minutes} minutes" in html


def test_a_course_lesson_naming_a_missing_kernel_still_prints(tmp_path):
    """A copy of a lesson whose metadata names a kernel nobody has runs in the course's."""
    nb = nbformat.read(LESSON, as_version=4)
    nb.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "Nope"}
    path = tmp_path / LESSON.name
    nbformat.write(nb, path)
    html = _to_handout(path)
    assert load_catalog(DATA)["bird-dog"].name in html
