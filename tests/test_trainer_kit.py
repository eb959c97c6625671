"""The trainer's kit on paper: the guide matches the circuit and the data, and the pack prints."""

from __future__ import annotations

import re
from html import escape

import pytest

from exercises_lib.cli import main
from exercises_lib.guide import sync_guide
from exercises_lib.handouts.sheets import screening_form_html
from exercises_lib.rendering import dose_line
from exercises_lib.timing import CIRCUIT_ROUTINE

from .conftest import REPO

GUIDE = REPO / "lessons" / "TRAINER-GUIDE.md"


def _agenda() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("## Agenda") : text.index("## ", text.index("## Agenda") + 3)]
    return [line for line in table.splitlines() if line.startswith("| 0:")]


def test_agenda_teaches_every_station_before_the_circuit(catalog):
    """Each station of the default circuit is taught in an agenda row before the circuit runs."""
    rows = _agenda()
    circuit = next(i for i, row in enumerate(rows) if "make present" in row)
    taught = " ".join(rows[:circuit])
    stations = [item.exercise.name for item in catalog.routine(CIRCUIT_ROUTINE).items]
    assert stations
    missing = [name for name in stations if name.split(" with ")[0].lower() not in taught.lower()]
    assert [] == missing


def test_guide_has_the_sections_a_workshop_needs():
    """Group size, screening, an emergency plan with what to say, and people who watch."""
    text = GUIDE.read_text(encoding="utf-8")
    for heading in ("## Group size", "## Screening", "## Emergency plan", "## People who watch"):
        assert heading in text
    assert "The emergency number here:" in text and "If you call the emergency number" in text
    assert not re.search(r"\b(?:999|911|112|000|111)\b", text.split("<!-- safety:begin")[0])


def test_guide_chair_set_comes_from_the_data(catalog):
    """The guide's chair set is every exercise's chair option, word for word."""
    assert sync_guide(GUIDE, catalog, check=True)
    text = GUIDE.read_text(encoding="utf-8")
    chair = [e for e in catalog if e.chair_option]
    assert chair
    for exercise in chair:
        assert (
            f"- **{exercise.name}** ({dose_line(exercise.dose)}): {exercise.chair_option}" in text
        )


def test_guide_links_resolve():
    """Every link from the guide into the README lands on a heading that exists."""
    text = GUIDE.read_text(encoding="utf-8")
    anchors = re.findall(r"\(\.\./README\.md#([a-z0-9-]+)\)", text)
    assert anchors
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+\s+(.+)$", readme, re.M)
    }
    assert [] == [a for a in anchors if a not in headings]


def test_screening_form_lists_the_data_and_a_signature(catalog):
    """The screening form ticks through both warning levels and "ask first", then a signature."""
    html = screening_form_html(catalog.safety)
    safety = catalog.safety
    for level in safety.warning_signs.levels:
        assert escape(level.heading) in html
        assert all(escape(sign) in html for sign in level.items)
    assert all(escape(item) in html for item in safety.ask_first.items)
    assert escape(safety.stop_rule) in html
    assert "Signature:" in html


@pytest.mark.slow
def test_trainer_pack_prints(tmp_path, catalog):
    """`exercises handouts --trainer` prints the pack and the screening form, as HTML and PDF."""
    out = tmp_path / "pack"
    assert 0 == main(
        ["handouts", "--trainer", "--out", str(out), "--lessons-dir", str(REPO / "lessons")]
    )
    assert [
        "screening-form.html",
        "screening-form.pdf",
        "trainer-pack.html",
        "trainer-pack.pdf",
    ] == sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    html = (out / "trainer-pack.html").read_text(encoding="utf-8")
    assert "Emergency plan" in html and "Group size" in html
    for exercise in catalog:
        assert all(escape(m) in html for m in exercise.common_mistakes), exercise.id
    for quiz in catalog.quizzes.values():
        assert all(escape(q.prompt) in html for q in quiz.questions)
    assert (out / "trainer-pack.pdf").read_bytes().startswith(b"%PDF")
    # m6: no heading's "¶" self-link reaches paper
    assert "anchor-link" not in html.replace("a.anchor-link", "") and "¶" not in html
