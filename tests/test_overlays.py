"""Data in another language: overlays keep the English files' ids, numbers and structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from exercises_lib import load_catalog
from exercises_lib.cli import main
from exercises_lib.errors import CatalogError
from exercises_lib.overlays import LOCALES

from .conftest import DATA

SPANISH = DATA / LOCALES / "es"
OVERLAYS = sorted(SPANISH.rglob("*.yaml"))


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _problems(data_dir: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_dir, lang="es")
    return str(caught.value)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_there_are_spanish_overlays():
    """The Spanish data exists, so the checks below can fail."""
    assert len(OVERLAYS) >= 3
    assert (SPANISH / "safety.yaml").is_file()
    assert (SPANISH / "exercises" / "bird-dog.yaml").is_file()


def test_every_overlay_translates_an_english_file():
    """Each overlay sits where its English file is, relative to the data folder."""
    assert OVERLAYS
    assert [] == [p for p in OVERLAYS if not (DATA / p.relative_to(SPANISH)).is_file()]


def test_the_spanish_catalog_has_the_overlay_words_and_the_english_numbers():
    """Names and steps come from the overlay; doses, ids and the stop rule's minutes do not change."""
    english, spanish = load_catalog(DATA, lang="en"), load_catalog(DATA, lang="es")
    overlay = _yaml(SPANISH / "exercises" / "bird-dog.yaml")
    assert overlay["name"] == spanish["bird-dog"].name
    assert [s["text"] for s in overlay["steps"]] == [s.text for s in spanish["bird-dog"].steps]
    assert english["bird-dog"].dose == spanish["bird-dog"].dose
    assert list(english.exercises) == list(spanish.exercises)
    assert english.safety.rulebook.stop_minutes == spanish.safety.rulebook.stop_minutes
    assert str(spanish.safety.rulebook.stop_minutes) in spanish.safety.stop_rule
    assert english["bird-dog"].name != spanish["bird-dog"].name


def test_english_is_as_before_with_overlays_present():
    """Loading in English reads the English files, whatever overlays the folder holds."""
    english = load_catalog(DATA, lang="en")
    assert _yaml(DATA / "exercises" / "bird-dog.yaml")["name"] == english["bird-dog"].name
    physio = english.safety.rulebook.physio  # the region's word, filled in as the data loads
    disclaimer = _yaml(DATA / "safety.yaml")["disclaimer"].replace("{physio}", physio)
    assert disclaimer == english.safety.disclaimer


def test_a_changed_number_is_refused_with_file_line_and_field(data_copy):
    """An overlay whose hold time differs from the English file is refused, naming where."""
    overlay = data_copy / LOCALES / "es" / "exercises" / "bird-dog.yaml"
    _edit(overlay, "hold_seconds: 4", "hold_seconds: 40")
    message = _problems(data_copy)
    line = 1 + overlay.read_text().splitlines().index("  hold_seconds: 40")
    assert f"bird-dog.yaml:{line}:" in message
    assert "dose.hold_seconds: must stay 4 as in the English file" in message


def test_a_number_typed_in_a_text_must_match(data_copy):
    """A translated text keeps the English text's numbers (a phone line, a count)."""
    overlay = data_copy / LOCALES / "es" / "regions.yaml"
    _edit(overlay, "0800 611 116", "0800 611 117")
    assert "keep the numbers of the English text (0800, 611, 116)" in _problems(data_copy)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - role: breathing\n", "  - role: movement\n", "steps[5].role: must stay 'breathing'"),
        ("id: bird-dog", "id: perro", "id"),
        ("feel: En el", "chair_option: En una silla.\nfeel: En el", "not in the English file"),
        ("del lado {side} atrás", "atrás", "keep the placeholders"),
    ],
)
def test_ids_fields_and_placeholders_are_kept(data_copy, old, new, expected):
    """A changed fixed word, a renamed field or a lost placeholder is refused."""
    _edit(data_copy / LOCALES / "es" / "exercises" / "bird-dog.yaml", old, new)
    assert expected in _problems(data_copy)


def test_a_dropped_step_is_refused(data_copy):
    """An overlay has as many steps as the English file, in the same order."""
    overlay = data_copy / LOCALES / "es" / "exercises" / "bird-dog.yaml"
    _edit(overlay, "  - role: form_cue\n    text: Mete un poco el ombligo hacia la columna.\n", "")
    english = len(_yaml(DATA / "exercises" / "bird-dog.yaml")["steps"])
    assert f"has {english - 1} items; the English file has {english}" in _problems(data_copy)


def test_a_missing_field_is_refused(data_copy):
    """Every field of the English file is in its overlay."""
    overlay = data_copy / LOCALES / "es" / "safety.yaml"
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(re.sub(r"(?m)^sitting_note:.*\n(  .*\n)*", "", text), encoding="utf-8")
    message = _problems(data_copy)
    assert "sitting_note" in message
    assert "missing" in message


def test_a_typed_emergency_number_is_refused_in_a_translation(data_copy):
    """A Spanish warning sign that types 112 instead of naming the route is refused."""
    overlay = data_copy / LOCALES / "es" / "safety.yaml"
    _edit(overlay, "      - Dolor en el pecho.\n", "      - Dolor en el pecho, llama al 112.\n")
    message = _problems(data_copy)
    assert "names the emergency number 112 directly" in message or "keep the numbers" in message


def test_an_orphan_overlay_is_refused(data_copy):
    """An overlay with no English file names the file it would translate."""
    orphan = data_copy / LOCALES / "es" / "exercises" / "no-such-move.yaml"
    orphan.write_text("id: no-such-move\n", encoding="utf-8")
    assert "translates nothing: there is no" in _problems(data_copy)


def test_a_file_not_yet_translated_stays_english_with_a_warning(data_copy):
    """Without an overlay the English file is used, and the catalog says so."""
    (data_copy / LOCALES / "es" / "exercises" / "bird-dog.yaml").unlink()
    catalog = load_catalog(data_copy, lang="es")
    assert _yaml(DATA / "exercises" / "bird-dog.yaml")["name"] == catalog["bird-dog"].name
    assert any("bird-dog.yaml: not translated into 'es' yet" in w for w in catalog.warnings)


def test_show_speaks_spanish(monkeypatch, capsys):
    """`EXERCISES_LANG=es exercises show bird-dog` prints the Spanish card and safety texts."""
    monkeypatch.setenv("EXERCISES_LANG", "es")
    assert 0 == main(["show", "bird-dog", "--region", "ES"])
    out = capsys.readouterr().out
    overlay = _yaml(SPANISH / "exercises" / "bird-dog.yaml")
    safety = _yaml(SPANISH / "safety.yaml")
    assert overlay["steps"][0]["text"] in out
    spain = next(r for r in _yaml(SPANISH / "regions.yaml")["regions"] if r["code"] == "ES")
    assert safety["disclaimer"].split(".")[0].replace("{physio}", spain["physio"]) in out
    emergency = next(r for r in _yaml(DATA / "regions.yaml")["regions"] if r["code"] == "ES")
    assert f"al {emergency['number']}" in out
    assert _yaml(DATA / "exercises" / "bird-dog.yaml")["steps"][0]["text"] not in out


# A Spanish text that types a number the English has not: in full-width, Arabic-Indic or
# Devanagari digits, a reader would still dial it.
_OTHER_DIGITS = {"full width": "９１１", "arabic-indic": "٩١١", "devanagari": "९११"}


@pytest.mark.parametrize("digits", sorted(_OTHER_DIGITS))
def test_a_number_in_other_digits_is_a_number(data_copy, digits):
    """An emergency number typed in any script's digits is refused like one in 0-9."""
    overlay = data_copy / LOCALES / "es" / "safety.yaml"
    number = _OTHER_DIGITS[digits]
    _edit(
        overlay, "      - Dolor en el pecho.\n", f"      - Dolor en el pecho, llama al {number}.\n"
    )
    message = _problems(data_copy)
    assert "names the emergency number 911 directly" in message or "keep the numbers" in message


def test_a_placeholder_written_twice_is_refused(data_copy):
    """'{stop_minutes}{stop_minutes} minutos' would read '1515 minutos': counted, not a set."""
    overlay = data_copy / LOCALES / "es" / "safety.yaml"
    _edit(overlay, "más de {stop_minutes} minutos", "más de {stop_minutes}{stop_minutes} minutos")
    assert "keep the placeholders of the English text ({stop_minutes}), each once" in _problems(
        data_copy
    )


@pytest.mark.parametrize(
    ("field", "blank"), [("disclaimer", ""), ("disclaimer", "   "), ("sitting_note", "")]
)
def test_a_blank_translation_is_refused_where_the_english_has_words(data_copy, field, blank):
    """A disclaimer (or any text) left blank in Spanish is refused, as in English."""
    overlay = data_copy / LOCALES / "es" / "safety.yaml"
    data = _yaml(overlay)
    assert isinstance(data[field], str) and data[field].strip()
    data[field] = blank
    overlay.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    message = _problems(data_copy)
    assert field in message and "blank" in message
