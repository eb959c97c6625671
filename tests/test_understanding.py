"""The lesson on understanding back pain: every point from the data, each with a source
that is not the article, shown once in the lesson. Expected values come from the data."""

from __future__ import annotations

import json
import re

import pytest

from exercises_lib.course import Lesson
from exercises_lib.errors import UsageError

from .conftest import REPO

STEM = "03-understanding-back-pain"


def _points(catalog):
    points = catalog.safety.understanding.points
    assert points
    return points


def test_every_point_names_its_own_source(catalog):
    """The article says nothing of pain education: each point records where it comes from."""
    for point in _points(catalog):
        assert point.source.kind in ("nhs", "physio", "cochrane"), point.id
        assert point.source.title and point.source.site


def test_the_lesson_shows_every_point_once(catalog):
    nb = json.loads((REPO / "lessons" / f"{STEM}.ipynb").read_text(encoding="utf-8"))
    calls = [
        "".join(c["source"]) for c in nb["cells"] if "lesson.understanding(" in "".join(c["source"])
    ]
    assert calls
    shown = [i for call in calls for i in re.findall(r'"([a-z0-9-]+)"', call)]
    assert sorted(shown) == sorted(p.id for p in _points(catalog))


def test_each_card_carries_its_point_and_source(catalog):
    html = Lesson(STEM, catalog).understanding().data
    for point in _points(catalog):
        assert point.heading in html
        assert point.source.site in html
    assert html.count('<article class="exl-card">') == len(_points(catalog))


def test_an_unknown_point_is_refused_with_the_valid_ones(catalog):
    with pytest.raises(UsageError) as refused:
        Lesson(STEM, catalog).understanding("hurt-not-harm")
    for point in _points(catalog):
        assert point.id in str(refused.value)


def test_the_warning_light_line_has_its_counterweight(catalog):
    """'Pain is a warning light' never stands alone: the same words say hurt is not harm."""
    assert "warning light" in catalog.safety.pain_is_a_signal
    assert "not harm" in catalog.safety.pain_is_a_signal


# -- getting back to everyday life (lesson 08) ---------------------------------------------


def test_every_everyday_step_has_a_source_and_is_shown_once_in_lesson_08(catalog):
    points = catalog.safety.back_to_normal.points
    assert {"housework", "lifting", "driving", "sport", "sex", "work"} == {p.id for p in points}
    for point in points:
        assert point.source.kind != "article" and point.source.site, point.id
    nb = json.loads((REPO / "lessons" / "08-your-routine.ipynb").read_text(encoding="utf-8"))
    calls = ["".join(c["source"]) for c in nb["cells"] if "back_to_normal(" in "".join(c["source"])]
    shown = [i for call in calls for i in re.findall(r'"([a-z0-9-]+)"', call)]
    assert sorted(shown) == sorted(p.id for p in points)


def test_the_work_step_names_each_regions_words_for_a_doctors_note():
    """A table over the regions file: each region's own words where it has them, else the
    neutral ones; no region set, the neutral ones."""
    from exercises_lib.loading import load_catalog

    plain = load_catalog(REPO / "data")
    assert plain.regions
    work = {p.id: p for p in plain.safety.back_to_normal.points}["work"].text
    words = [r.sick_note for r in plain.regions.values() if r.sick_note]
    assert words, "some regions name their own note"
    assert not any(w in work for w in words)
    for code, region in plain.regions.items():
        text = {
            p.id: p for p in load_catalog(REPO / "data", region=code).safety.back_to_normal.points
        }
        if region.sick_note:
            assert region.sick_note in text["work"].text, code
        else:
            assert text["work"].text == work, code
