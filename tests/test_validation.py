"""Every broken file in tests/data/bad/ yields exactly the messages written in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from exercises_lib import CatalogError, load_catalog

from .conftest import DATA

BAD = Path(__file__).parent / "data" / "bad"
BAD_FILES = sorted(BAD.glob("*.yaml"))
FOLDERS = {"exercise": "exercises", "routine": "routines", "quiz": "quizzes", "program": "programs"}


def _expected(path: Path, label: str) -> set[str]:
    """The '# expect:' lines; {exercise_ids} stands for the shipped ids, as the data has them."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    ids = ", ".join(sorted(p.stem for p in (DATA / "exercises").glob("*.yaml")))
    return {
        f"{label}:{m.replace('{exercise_ids}', ids)}"
        for m in re.findall(r"^# expect: (.*)$", text, flags=re.M)
    }


def test_corpus_is_not_empty():
    """The corpus of broken files exists, so the parametrised test below runs."""
    assert len(BAD_FILES) >= 10


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_bad_file_is_reported_exactly(bad: Path, data_copy: Path):
    """A broken file is reported with file, line, column, field and a fix; nothing loads."""
    kind, name = bad.stem.split("-", 1)
    target = data_copy / FOLDERS[kind] / f"{name}.yaml"
    target.write_bytes(bad.read_bytes())
    label = f"data/{FOLDERS[kind]}/{name}.yaml"
    expected = _expected(bad, label)
    assert expected, f"{bad.name} has no '# expect:' line"
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    assert expected == {str(p) for p in raised.value.problems}


def test_every_problem_in_every_file_is_reported_in_one_run(data_copy: Path):
    """Problems in several files come back together, not just the first."""
    for bad in BAD_FILES:
        kind, name = bad.stem.split("-", 1)
        (data_copy / FOLDERS[kind] / f"{name}.yaml").write_bytes(bad.read_bytes())
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    files = {p.path for p in raised.value.problems}
    assert len(BAD_FILES) == len(files)


def test_missing_safety_file_is_reported(data_copy: Path):
    """A data folder without safety.yaml is refused with the fix."""
    (data_copy / "safety.yaml").unlink()
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    assert ["data/safety.yaml"] == [p.path for p in raised.value.problems]
    assert "copy data/safety.yaml" in str(raised.value)


def test_missing_data_folder_is_reported(tmp_path: Path):
    """A data folder that does not exist says how to point at one."""
    with pytest.raises(CatalogError) as raised:
        load_catalog(tmp_path / "nowhere")
    assert "--data DIR" in str(raised.value)


def test_safety_typo_is_caught(data_copy: Path):
    """The safety file is checked against its schema too."""
    path = data_copy / "safety.yaml"
    path.write_text(path.read_text().replace("disclaimer:", "disclamer:"))
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    fields = sorted(p.field for p in raised.value.problems)
    assert ["disclaimer", "disclamer"] == fields


def test_every_shipped_file_has_a_schema_modeline():
    """Editors find the schema: each YAML file starts with a yaml-language-server line."""
    data = Path(__file__).resolve().parent.parent / "data"
    files = sorted(data.rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: modeline points at missing {schema}"


class TestSafetyFile:
    def _problems(self, data_copy: Path, old: str, new: str) -> list[str]:
        path = data_copy / "safety.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(CatalogError) as raised:
            load_catalog(data_copy)
        return [str(p) for p in raised.value.problems]

    def test_both_warning_levels_are_required(self, data_copy: Path):
        """A safety file without the urgent (GP or 111) level is refused, naming the field."""
        problems = self._problems(data_copy, "  urgent:\n", "  not_urgent:\n")
        assert any("warning_signs.urgent: missing required field 'urgent'" in p for p in problems)
        assert all(p.startswith("data/safety.yaml:") for p in problems)

    def test_stop_rule_text_names_its_minutes_by_placeholder(self, data_copy: Path):
        """A stop rule that types its minutes is refused: the text must say {stop_minutes}."""
        problems = self._problems(
            data_copy,
            "more than {stop_minutes} minutes, stop exercising",
            "more than 15 minutes, stop exercising",
        )
        assert any(
            p.startswith(
                "data/safety.yaml:22:9: stop_rule.text: the text does not name the minutes"
            )
            for p in problems
        ), problems

    def test_minutes_typed_into_pain_prose_are_refused(self, data_copy: Path):
        """Minutes typed into a sentence about pain, anywhere in the data, are refused with the fix."""
        quiz = data_copy / "quizzes" / "08-your-routine.yaml"
        text = quiz.read_text(encoding="utf-8")
        assert "{stop_minutes}" in text
        quiz.write_text(text.replace("{stop_minutes}", "15", 1), encoding="utf-8")
        with pytest.raises(CatalogError) as raised:
            load_catalog(data_copy)
        [problem] = [str(p) for p in raised.value.problems]
        assert problem.startswith("data/quizzes/08-your-routine.yaml:")
        assert "15 minutes is typed into the text; write {stop_minutes}" in problem

    def test_unknown_placeholder_lists_the_known_ones(self, data_copy: Path):
        """A misspelt placeholder is refused with a suggestion and the names it could be."""
        problems = self._problems(
            data_copy,
            "more than {stop_minutes} minutes, stop",
            "more than {stop_minute} minutes, stop",
        )
        assert any(
            "unknown placeholder {stop_minute}; did you mean 'stop_minutes'?" in p
            and "{good_week_days}" in p
            for p in problems
        ), problems

    def test_changing_the_stop_rule_changes_every_text(self, data_copy: Path):
        """With the stop rule at 20 minutes, every loaded text that named 15 now says 20."""
        path = data_copy / "safety.yaml"
        text = path.read_text(encoding="utf-8")
        minutes = load_catalog(data_copy).safety.stop_minutes
        old = f"  minutes: {minutes}\n"
        assert old in text and minutes != 20  # the edit below really changes the rule
        path.write_text(text.replace(old, "  minutes: 20\n", 1), encoding="utf-8")
        catalog = load_catalog(data_copy)
        assert 20 == catalog.safety.stop_minutes
        texts = repr(catalog.safety) + repr(list(catalog.quizzes.values()))
        texts += repr(list(catalog.programs.values())) + repr(list(catalog.exercises.values()))
        assert "20 minutes" in texts
        assert f"{minutes} minutes" not in texts
        assert "{stop_minutes}" not in texts

    def test_blank_disclaimer_is_refused(self, data_copy: Path):
        """A disclaimer of spaces is as good as none, and is refused."""
        path = data_copy / "safety.yaml"
        text = path.read_text(encoding="utf-8")
        start = text.index("disclaimer: >-")
        end = text.index("doctor_first:")
        path.write_text(text[:start] + 'disclaimer: "   "\n' + text[end:], encoding="utf-8")
        with pytest.raises(CatalogError) as raised:
            load_catalog(data_copy)
        assert ["disclaimer: must not be blank"] == [
            f"{p.field}: {p.message}" for p in raised.value.problems
        ]

    def test_feel_levels_in_order(self, data_copy: Path):
        """The how-it-should-feel scale must run green, amber, red."""
        problems = self._problems(data_copy, "    - level: green\n", "    - level: red\n")
        assert any("levels must be green, amber, red in that order" in p for p in problems)


def test_duplicate_id_across_yaml_and_yml(data_copy: Path):
    """bird-dog.yml beside bird-dog.yaml is a duplicate id, named with both files."""
    source = data_copy / "exercises" / "bird-dog.yaml"
    (data_copy / "exercises" / "bird-dog.yml").write_bytes(source.read_bytes())
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    assert [
        "data/exercises/bird-dog.yml:2:5: id: duplicate exercise id 'bird-dog'; "
        "data/exercises/bird-dog.yaml has it"
    ] == [str(p) for p in raised.value.problems]


def test_other_files_are_named_not_read(data_copy: Path):
    """A .YAML or .json file in a data folder is not read, and validate says so."""
    shipped = len(list((data_copy / "exercises").glob("*.yaml")))
    (data_copy / "exercises" / "extra.YAML").write_text("id: extra\n")
    catalog = load_catalog(data_copy)
    assert ["data/exercises/extra.YAML"] == [w.split(":")[0] for w in catalog.warnings]
    assert shipped == len(catalog)


FOLDERS_BY_KIND = {"exercises": "exercise", "routines": "routine", "quizzes": "quiz"}


class TestOneSchemaTruth:
    """The fast validator and the one that explains must agree, on every keyword we use."""

    def _documents(self):
        from exercises_lib.yamlreader import parse_yaml

        found = []
        for folder, kind in FOLDERS_BY_KIND.items():
            found += [(kind, p) for p in sorted((DATA / folder).glob("*.yaml"))]
        found.append(("safety", DATA / "safety.yaml"))
        for path in BAD_FILES:
            found.append((path.stem.split("-", 1)[0], path))
        documents = []
        for kind, path in found:
            data, problems = parse_yaml(path.read_bytes().decode("utf-8", "replace"), str(path))
            if not problems and isinstance(data, dict):
                documents.append((kind, path.name, data))
        return documents

    def test_fast_and_full_validators_agree(self):
        """Every good and bad document gets the same verdict from both validators."""
        import fastjsonschema

        from exercises_lib.validation import _fast_validator, _full_validator

        documents = self._documents()
        assert len(documents) > 20
        verdicts = {"valid": 0, "invalid": 0}
        for kind, name, data in documents:
            try:
                _fast_validator(kind)(data)
                fast = True
            except fastjsonschema.JsonSchemaException:
                fast = False
            full = _full_validator(kind).is_valid(data)
            assert fast == full, name
            verdicts["valid" if fast else "invalid"] += 1
        assert verdicts["valid"] and verdicts["invalid"]

    KNOWN = frozenset({
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties",
        "required", "additionalProperties", "items", "enum", "oneOf", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum",
    })  # fmt: skip
    EXPLAINED = frozenset({
        "type", "required", "additionalProperties", "enum", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "oneOf",
    })  # fmt: skip

    def test_schemas_use_only_keywords_both_validators_know(self):
        """Every keyword in the schemas is one both drafts share, and has a plain message."""
        used: set[str] = set()

        def walk(node, key=""):
            if isinstance(node, dict):
                for k, v in node.items():
                    if key not in ("properties", "$defs"):
                        used.add(k)
                    walk(v, k)
            elif isinstance(node, list):
                for v in node:
                    walk(v, key)

        schemas = sorted((DATA / "schema").glob("*.schema.json"))
        assert schemas
        for path in schemas:
            walk(json.loads(path.read_text(encoding="utf-8")))
        assert set() == used - self.KNOWN
        validating = used - {"$schema", "$id", "$defs", "$ref", "title", "description"}
        validating -= {"properties", "items"}
        assert set() == validating - self.EXPLAINED


def test_a_pattern_is_explained_by_its_own_field(data_copy: Path):
    """A region's code that breaks its pattern is told what a code is, not an id's words."""
    path = data_copy / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  - code: GB\n" in text
    path.write_text(text.replace("  - code: GB\n", "  - code: gb\n", 1), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    [problem] = [str(p) for p in raised.value.problems if "regions[0].code" in str(p)]
    assert "country code" in problem and "'gb'" in problem
    assert "hyphens" not in problem


_AUTHORING_REMARKS = ("could not be reached", "while writing", "no se pudo acceder")


def _notes(node, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "note" and isinstance(value, str):
                found.append(value)
            _notes(value, found)
    elif isinstance(node, list):
        for value in node:
            _notes(value, found)
    return found


def test_no_source_note_a_learner_sees_carries_an_authoring_remark():
    """m13: how a page was checked while writing is for maintainers (a YAML comment),
    never on a safety box, a card or paper, in any language."""
    files = [
        p
        for p in sorted(DATA.rglob("*.yaml"))
        if p.name != "regions.yaml"  # a region's `checked` is never shown to a learner
    ]
    notes = [n for p in files for n in _notes(yaml.safe_load(p.read_text(encoding="utf-8")), [])]
    assert len(notes) > 20
    for note in notes:
        assert not any(remark in note.lower() for remark in _AUTHORING_REMARKS), note
