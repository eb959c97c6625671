"""The routine builder: composes from the catalog, refuses the avoid list, saves checked YAML."""

from __future__ import annotations

import yaml

from exercises_lib import load_catalog
from exercises_lib.widgets.builder import RoutineBuilder, routine_id

from .conftest import REPO


def test_refuses_avoid_list_with_reason(catalog, tmp_path):
    """Typing an avoid-list move is refused and the reason is shown."""
    builder = RoutineBuilder(catalog, tmp_path)
    assert not builder.add("Sit-ups", 10)
    assert "avoid-while-in-pain" in builder.message.value
    assert "hip muscles" in builder.message.value
    assert [] == builder.items


def test_more_than_the_card_is_named(catalog, tmp_path):
    """Reps or a hold above the card's dose are added with a word about the card's range."""
    card = catalog["bird-dog"].dose
    builder = RoutineBuilder(catalog, tmp_path)
    assert builder.add("bird-dog", card.reps.max)
    assert "more than the card" not in builder.message.value
    assert builder.add("bird-dog", card.reps.max + 5, card.hold_seconds * 3)
    assert f"the card says {card.reps} reps" in builder.message.value
    assert f"a hold of {card.hold_seconds:g} seconds" in builder.message.value


def test_unknown_exercise_suggests(catalog, tmp_path):
    """A misspelt exercise gets a suggestion and the list of choices."""
    builder = RoutineBuilder(catalog, tmp_path)
    assert not builder.add("Bird Dgo", 5)
    assert "Did you mean Bird Dog?" in builder.message.value


def test_save_writes_valid_routine_that_loads(catalog, tmp_path):
    """A saved routine is valid YAML naming no path into the package, and the catalog loads it."""
    builder = RoutineBuilder(catalog, tmp_path)
    builder.name.value = "Monday Morning!"
    assert builder.add("bird-dog", 4, 6)
    assert builder.add("Pelvic Tilt", 8)
    path = builder.save()
    assert tmp_path / "monday-morning.yaml" == path
    text = path.read_text()
    assert "file://" not in text and "site-packages" not in text
    assert "monday-morning" == yaml.safe_load(text)["id"]
    loaded = load_catalog(routine_dirs=[tmp_path]).routine("monday-morning")
    bird = loaded.items[0]
    assert (4, 6) == (bird.dose.reps.max, bird.dose.hold_seconds)


def test_save_does_not_overwrite_without_consent(catalog, tmp_path):
    """Saving twice under one name keeps the first until 'Replace' is ticked."""
    builder = RoutineBuilder(catalog, tmp_path)
    builder.add("bird-dog", 4)
    first = builder.save()
    before = first.read_text()
    builder.add("pelvic-tilt", 3)
    assert builder.save() is None
    assert before == first.read_text()
    builder.replace.value = True
    assert builder.save() == first
    assert "pelvic-tilt" in first.read_text()


def test_course_routine_names_are_taken(catalog, tmp_path):
    """A routine may not take the id of one of the course's own routines."""
    builder = RoutineBuilder(catalog, tmp_path)
    builder.name.value = "Starter"
    builder.add("bird-dog", 4)
    assert builder.save() is None
    assert "already has a routine" in builder.message.value


def test_routine_id():
    """Ids are safe file names."""
    assert "my-monday" == routine_id("My Monday!")
    assert "my-routine" == routine_id("!!!")


def test_print_picker_lists_saved_routines(catalog, tmp_path):
    """A routine the learner saved is offered in the print notebook, beside the course's."""
    from exercises_lib.widgets.picker import HandoutPicker

    builder = RoutineBuilder(catalog, tmp_path)
    builder.name.value = "My mornings"
    assert builder.add("pelvic-tilt", 8)
    assert builder.save()
    picker = HandoutPicker(load_catalog(routine_dirs=[tmp_path]), course_dir=REPO)
    offered = [value for _, value in picker.routine.options]
    assert "my-mornings" in offered and "starter" in offered
    assert "demo" not in offered  # the test routine stays out of learners' lists
