"""Regions: every safety text names the learner's own emergency routes, from data/regions.yaml."""

from __future__ import annotations

import re

import pytest

from exercises_lib import load_catalog, settings
from exercises_lib.cli import main
from exercises_lib.errors import CatalogError
from exercises_lib.handouts import build_handouts
from exercises_lib.regions import REGION_ENV, save_region
from exercises_lib.unknownid import UnknownIdError

from .conftest import DATA, REPO

REGIONS = load_catalog(DATA, region="").regions
NUMBERS = sorted({r.number for r in REGIONS.values()})


def _numbers_in(text: str) -> set[str]:
    return set(re.findall(rf"(?<![\d.#])(?:{'|'.join(NUMBERS)})(?![\d.])", text))


def _words(html: str) -> str:
    """What a reader sees: the page without its styles and tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", " ", html, flags=re.S))


@pytest.fixture(autouse=True)
def _no_region_set(monkeypatch, tmp_path):
    """Each test starts with no region in the environment and no saved setting."""
    monkeypatch.delenv(REGION_ENV, raising=False)
    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))


def test_the_regions_the_course_serves():
    """The UK, Ireland, the US, Canada, Australia, New Zealand, the EU, Spain and Latin
    America, each sourced."""
    assert {"GB", "IE", "US", "CA", "AU", "NZ", "EU", "ES", "MX", "CO", "AR", "CL", "PE"} <= set(
        REGIONS
    )
    assert all(r.checked for r in REGIONS.values())


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_names_only_its_own_numbers(code):
    """A region's warning signs name its emergency number, and no other region's."""
    catalog = load_catalog(DATA, region=code)
    region = catalog.regions[code]
    signs = catalog.safety.warning_signs
    assert region.number in signs.emergency.heading
    assert region.number in signs.emergency.short_heading
    own = _numbers_in(region.emergency) | _numbers_in(region.same_day)
    texts = repr(catalog.safety) + repr(list(catalog.quizzes.values()))
    assert set() == _numbers_in(texts) - own


def test_new_zealand_never_sends_a_fever_to_the_emergency_number():
    """In New Zealand 111 is the emergency number: the same-day level never says to call it."""
    catalog = load_catalog(DATA, region="NZ")
    nz = catalog.regions["NZ"]
    urgent = catalog.safety.warning_signs.urgent
    assert nz.number not in urgent.heading + urgent.short_heading
    assert nz.number in catalog.safety.warning_signs.emergency.heading


def test_the_uk_course_reads_as_before():
    """For GB the headings read as they always did, built from the GB entry."""
    catalog = load_catalog(DATA, region="GB")
    gb = catalog.regions["GB"]
    signs = catalog.safety.warning_signs
    assert f"Call {gb.number} or go to {gb.hospital} now" == signs.emergency.heading
    assert "See a GP or call 111 the same day" == signs.urgent.heading
    assert "" == signs.emergency.note


def test_no_region_gives_neutral_words_and_the_common_numbers():
    """With no region, the texts name the route in general words and list the common numbers."""
    catalog = load_catalog(DATA)
    assert catalog.region is None
    signs = catalog.safety.warning_signs
    assert set() == _numbers_in(signs.emergency.heading + signs.urgent.heading)
    for region in REGIONS.values():
        assert f"{region.number} " in signs.emergency.note
        assert region.short_name in signs.emergency.note


def test_choice_order_is_flag_then_environment_then_saved(monkeypatch):
    """--region beats $EXERCISES_REGION, which beats the learner's saved setting."""
    save_region("NZ")
    assert "NZ" == load_catalog(DATA).region.code
    monkeypatch.setenv(REGION_ENV, "us")
    assert "US" == load_catalog(DATA).region.code
    assert "AU" == load_catalog(DATA, region="AU").region.code
    save_region(None)
    monkeypatch.delenv(REGION_ENV)
    assert load_catalog(DATA).region is None


def test_an_unknown_region_is_refused_with_the_list(capsys):
    """--region XX exits 1 naming every known code; in code it is an UnknownIdError."""
    assert 1 == main(["show", "bird-dog", "--region", "XX"])
    err = capsys.readouterr().err
    assert "Unknown region 'XX'" in err
    assert all(code in err for code in REGIONS)
    with pytest.raises(UnknownIdError):
        load_catalog(DATA, region="XX")


def test_a_number_typed_into_a_safety_text_is_refused(data_copy):
    """Validation refuses a safety text that names an emergency number instead of {emergency}."""
    path = data_copy / "safety.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Call {emergency} or go to {hospital} now" in text
    gb = REGIONS["GB"]
    path.write_text(text.replace("Call {emergency} or go", f"Call {gb.number} or go", 1))
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    [problem] = [str(p) for p in raised.value.problems]
    assert "warning_signs.emergency.heading" in problem
    assert f"names the emergency number {gb.number} directly; write {{emergency}}" in problem


def _bird_dog_sheets(out):
    """The Bird Dog's three sheets as HTML, in the region the environment names."""
    written = build_handouts(
        out,
        load_catalog(DATA),
        formats=("html",),
        exercises=["bird-dog"],
        lessons_dir=REPO / "lessons",
    )
    assert written
    return written


def test_us_handouts_say_911_and_nothing_british(tmp_path, monkeypatch):
    """EXERCISES_REGION=US: the sheets show the US number and no 999, 111 or A&E."""
    monkeypatch.setenv(REGION_ENV, "US")
    us = REGIONS["US"]
    for path in _bird_dog_sheets(tmp_path):
        html = _words(path.read_text(encoding="utf-8"))
        assert us.number in html, path.name
        assert {us.number} == _numbers_in(html), path.name
        assert "A&amp;E" not in html and "A&E" not in html, path.name
        assert "My emergency number" not in html
        # the US words for who to see (R1): no "GP", no "physio" (physiotherapist neither)
        assert not re.search(r"\bGP\b", html), path.name
        assert "physio" not in html.lower(), path.name
        assert us.physio in html, path.name


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_names_its_own_doctor_and_physio(code):
    """The 'see a GP or physio' lines, the pause and the ask-first box use the region's words."""
    catalog = load_catalog(DATA, region=code)
    region = catalog.regions[code]
    rules = catalog.safety.rulebook
    assert (region.doctor, region.physio) == (rules.doctor, rules.physio)
    assert f"a {region.physio}" in catalog.safety.disclaimer
    assert region.doctor in catalog.safety.ask_first.intro


def test_the_latin_american_regions_have_their_numbers(capsys):
    """`--region MX` prints 911; every Latin American region is there, each with its check."""
    latin = {"MX", "CO", "AR", "CL", "PE"}
    assert latin <= set(REGIONS)
    assert all("checked against" in REGIONS[c].checked for c in latin)  # the check is recorded
    assert 0 == main(["show", "bird-dog", "--region", "MX"])
    assert f"Call {REGIONS['MX'].number} now" in capsys.readouterr().out


def test_sheets_without_a_region_leave_a_line_for_the_number(tmp_path):
    """With no region, every sheet has 'My emergency number' and 'My doctor' to fill in."""
    for path in _bird_dog_sheets(tmp_path):
        html = path.read_text(encoding="utf-8")
        assert "My emergency number:" in html and "My doctor:" in html, path.name


def test_the_region_picker_saves_the_choice():
    """Lesson 00's picker saves the region; the next catalog names its routes."""
    from exercises_lib.widgets import RegionPicker

    picker = RegionPicker(load_catalog(DATA))
    picker.picker.value = "CA"
    assert picker.save()
    assert "Saved: Canada" in picker.message.value
    assert "CA" == load_catalog(DATA).region.code


def test_the_picker_saves_the_language_too(monkeypatch):
    """Lesson 00's picker keeps the learner's language; the next session speaks it."""
    from exercises_lib import i18n
    from exercises_lib.settings import saved_setting
    from exercises_lib.widgets import RegionPicker

    monkeypatch.delenv(i18n.LANG_ENV)  # no setting that wins over the learner's choice
    picker = RegionPicker(load_catalog(DATA))
    assert list(i18n.languages()) == [code for _name, code in picker.language.options]
    picker.language.value = "es"
    assert picker.save()
    assert "es" == saved_setting("language")
    settings.save_language(None)


@pytest.mark.parametrize("setting", [REGION_ENV, "EXERCISES_LANG"])
def test_the_picker_never_says_saved_for_a_choice_a_setting_overrides(monkeypatch, setting):
    """With EXERCISES_REGION (or EXERCISES_LANG) set, the picker names it instead of 'Saved' (M3)."""
    from exercises_lib.widgets import RegionPicker

    catalog = load_catalog(DATA)
    codes = list(catalog.regions)
    assert len(codes) > 1
    monkeypatch.setenv(REGION_ENV, codes[0])
    monkeypatch.setenv("EXERCISES_LANG", "en")
    picker = RegionPicker(catalog)
    if setting == REGION_ENV:
        picker.picker.value = codes[1]
    else:
        picker.picker.value = codes[0]
        picker.language.value = next(
            code for _name, code in picker.language.options if code != "en"
        )
    assert not picker.save()
    assert "Saved" not in picker.message.value
    assert setting in picker.message.value


# Letters Unicode folds into ASCII capitals: 'ſ'.upper() is 'S', 'ı'.upper() is 'I'.
_FOLDED = {"long s": "ſe", "dotless i": "ıe"}


@pytest.mark.parametrize("kind", sorted(_FOLDED))
def test_a_region_code_is_checked_as_typed(kind, monkeypatch, capsys):
    """A code is compared as typed in ASCII letters: folded letters name no region, on the
    command line, in the environment and in code, and the refusal lists every code."""
    code = _FOLDED[kind]
    assert code.upper().isascii()  # the premise: folding would turn it into a real code
    with pytest.raises(UnknownIdError):
        load_catalog(DATA, region=code)
    monkeypatch.setenv(REGION_ENV, code)
    with pytest.raises(UnknownIdError):
        load_catalog(DATA)
    monkeypatch.delenv(REGION_ENV)
    assert 1 == main(["show", "bird-dog", "--region", code])
    err = capsys.readouterr().err
    assert code in err and "GB" in err


def test_neutral_words_may_not_name_a_number(data_copy):
    """The words read where no region is set say the route, never a number (in any digits)."""
    regions = data_copy / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    assert "  emergency: your local emergency number\n" in text
    regions.write_text(
        text.replace("  emergency: your local emergency number\n", "  emergency: ９１１\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_copy)
    assert "neutral words name no number" in str(caught.value)
