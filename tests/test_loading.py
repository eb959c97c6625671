"""The catalog loader: shipped data, look-ups, filters and routines."""

from __future__ import annotations

import pytest

from exercises_lib import UnknownIdError, default_data_dir, load_catalog
from exercises_lib.loading import DATA_ENV

from .conftest import DATA


class TestShippedData:
    def test_the_article_exercises_and_the_sourced_extras(self, catalog):
        """The course ships the article's three exercises; every other move (the two it
        names as next steps, the gentle moves, the side bridge) records its own source."""
        article = {e.id for e in catalog if e.source.kind == "article"}
        assert {"bird-dog", "bridge-overhead-reach", "partial-crunch"} == article
        files = sorted(p.stem for p in (DATA / "exercises").glob("*.yaml"))
        assert files == sorted(catalog.exercises)
        assert {"pelvic-tilt", "hamstring-stretch", "knee-rolls", "knee-hug", "side-bridge"} <= set(
            files
        )

    def test_bird_dog_dose(self, catalog):
        """Bird Dog holds 4 seconds, 10 times on each side, as the article says."""
        dose = catalog["bird-dog"].dose
        assert (4, 10, 10, True) == (dose.hold_seconds, dose.reps.min, dose.reps.max, dose.per_side)

    def test_the_crunch_and_the_side_bridge_are_advanced_behind_a_ready_check(self, catalog):
        """The crunch (8 to 12 reps) and the side bridge are graded advanced, each with
        the ready check a learner ticks first."""
        advanced = catalog.filter(difficulty="advanced")
        assert ["partial-crunch", "side-bridge"] == sorted(e.id for e in advanced)
        assert all(e.ready_check for e in advanced)
        assert "8 to 12" == str(catalog["partial-crunch"].dose.reps)

    def test_unnamed_bridge_is_recorded(self, catalog):
        """The bridge records that the article left it unnamed."""
        assert catalog["bridge-overhead-reach"].source.unnamed_in_source

    def test_extras_do_not_claim_the_article(self, catalog):
        """Pelvic Tilt cites NHS and Hamstring Stretch general practice, never the article."""
        kinds = [catalog[i].source.kind for i in ("pelvic-tilt", "hamstring-stretch")]
        assert ["nhs", "general-practice"] == kinds

    def test_safety_rules(self, catalog):
        """The safety rules carry the stop rule, the avoid list and NHS warning signs."""
        safety = catalog.safety
        assert 15 == safety.stop_minutes
        assert ["leg-lifts", "sit-ups", "toe-touches"] == sorted(a.id for a in safety.avoid)
        assert "nhs" == safety.warning_signs.source.kind
        assert "Joan E. Wilder" == safety.credit.author


class TestLookups:
    def test_unknown_id_suggests(self, catalog):
        """An unknown id names the closest match and every valid id."""
        with pytest.raises(UnknownIdError) as raised:
            catalog["bird-dgo"]
        assert "Did you mean 'bird-dog'?" in str(raised.value)
        assert "pelvic-tilt" in str(raised.value)

    def test_filters(self, catalog):
        """Filters combine: per-side beginner moves that need a towel."""
        found = catalog.filter(difficulty="beginner", per_side=True, equipment="towel or strap")
        assert ["hamstring-stretch"] == [e.id for e in found]

    def test_filter_target(self, catalog):
        """Filtering by target keeps catalog order."""
        assert ["bird-dog"] == [e.id for e in catalog.filter(target="balance")]

    def test_bad_difficulty_lists_choices(self, catalog):
        """A difficulty that does not exist is refused with the valid ones."""
        with pytest.raises(ValueError, match="beginner, intermediate, advanced"):
            catalog.filter(difficulty="easy")

    def test_routine_resolves_and_overrides(self, catalog):
        """A routine's own dose overrides the exercise's and keeps the rest."""
        starter = catalog.routine("starter")
        bird = next(i for i in starter.items if i.exercise.id == "bird-dog")
        assert (3, catalog["bird-dog"].dose.hold_seconds) == (
            bird.dose.reps.max,
            bird.dose.hold_seconds,
        )

    def test_models_are_frozen(self, catalog):
        """Models cannot be changed after loading."""
        with pytest.raises(AttributeError):
            catalog["bird-dog"].name = "Cat"  # type: ignore[misc]


class TestDataFolder:
    def test_env_overrides_default(self, data_copy, monkeypatch):
        """$EXERCISES_DATA points the loader at another folder."""
        monkeypatch.setenv(DATA_ENV, str(data_copy))
        assert data_copy == default_data_dir()
        assert data_copy == load_catalog().data_dir

    def test_dose_change_follows(self, data_copy):
        """Changing a dose in the data changes the loaded exercise."""
        path = data_copy / "exercises" / "bird-dog.yaml"
        path.write_text(path.read_text().replace("hold_seconds: 4", "hold_seconds: 6"))
        assert 6 == load_catalog(data_copy)["bird-dog"].dose.hold_seconds
