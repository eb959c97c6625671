"""The message catalogue: complete, in step with the code, compiled, and chosen in the right order."""

from __future__ import annotations

import ast
import gettext
import json
import re
import subprocess
import sys
import tokenize
from collections.abc import Mapping
from html import unescape
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from exercises_lib import i18n, settings
from exercises_lib.cli import build_parser, main
from exercises_lib.errors import UsageError
from exercises_lib.i18n import DOMAIN, LANG_ENV, LOCALE_DIR
from exercises_lib.placeholders import placeholder_problem

from .conftest import REPO, all_sheets, install_locale

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
TRANSLATIONS = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _strings(message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def test_there_is_a_catalogue_and_a_translation():
    """The template and at least the Spanish catalogue exist, so the checks below can fail."""
    assert TEMPLATE.exists()
    assert TRANSLATIONS
    assert list(i18n.languages()[1:]) == [p.parent.parent.name for p in TRANSLATIONS]
    assert len(_ids(_read(TEMPLATE))) > 150


def test_the_template_holds_every_message_in_the_code(tmp_path):
    """Extracting the code again gives the committed template's messages: run `make messages`."""
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-o", str(fresh), str(REPO / "exercises_lib")]
    )
    missing = sorted(_ids(_read(fresh)) - _ids(_read(TEMPLATE)))
    stale = sorted(_ids(_read(TEMPLATE)) - _ids(_read(fresh)))
    assert ([], []) == (missing, stale), "the catalogue is out of date: run `make messages`"


@pytest.mark.slow
def test_make_messages_changes_nothing_when_no_message_changed(tmp_path):
    """`make messages` over a copy of the committed catalogue leaves every file as it was:
    no new date, no rewrapped lines, so a real change is all a diff shows."""
    import shutil

    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    texts = sorted(p for p in locale.rglob("*") if p.suffix in (".pot", ".po"))
    assert texts
    before = {p: p.read_bytes() for p in texts}
    result = subprocess.run(
        ["make", "--no-print-directory", "messages", f"LOCALE={locale}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert 0 == result.returncode, result.stderr
    assert [] == [p.name for p in texts if p.read_bytes() != before[p]]


def test_no_message_is_marked_inside_an_f_string():
    """Babel cannot see _() inside an f-string on Python 3.11, so a message there never reaches the catalogue."""
    sources = sorted((REPO / "exercises_lib").rglob("*.py"))
    assert sources
    hidden = []
    for path in sources:
        with path.open("rb") as f:
            for token in tokenize.tokenize(f.readline):
                text = token.string
                is_f_string = token.type == tokenize.STRING and re.match(r"(?i)r?fr?['\"]", text)
                if is_f_string and re.search(r"\b(_|ngettext|N_)\(", text):
                    hidden.append(f"{path.relative_to(REPO)}:{token.start[0]}")
    assert [] == hidden


def test_no_name_hides_the_message_function():
    """No parameter, loop or assignment in the package is called _, so _() always translates."""
    sources = sorted((REPO / "exercises_lib").rglob("*.py"))
    assert sources
    shadows = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.arg):
                names = [node.arg]
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names = [node.id]
            if "_" in names:
                shadows.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert [] == shadows


@pytest.mark.parametrize("po", TRANSLATIONS, ids=lambda p: p.parent.parent.name)
def test_every_language_translates_every_message(po):
    """A language has each message of the template, none fuzzy or empty, with the same placeholders."""
    catalog = _read(po, po.parent.parent.name)
    assert _ids(_read(TEMPLATE)) == _ids(catalog)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        if message.fuzzy or not all(_strings(message)):
            problems.append(f"untranslated: {ids[0]!r}")
        plural = ids[1] if len(ids) > 1 else None
        for text in _strings(message):
            # the same placeholders, each as often: what the course checks at run time
            if problem := placeholder_problem(ids[0], text, plural=plural):
                problems.append(f"{text!r}: {problem}")
    assert [] == problems


@pytest.mark.parametrize("po", TRANSLATIONS, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalogue_matches_its_po(po):
    """The .mo Python reads says what the .po says (the build compiles it; so does `make messages`)."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: reinstall (`make test`) or run `make messages`"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    catalog = _read(po, po.parent.parent.name)

    def compiled_text(m) -> str:
        return compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id)

    stale = [
        m.id for m in catalog if m.id and isinstance(m.id, str) and compiled_text(m) != m.string
    ]
    assert [] == stale


def test_the_language_is_chosen_in_order(monkeypatch):
    """--lang beats $EXERCISES_LANG, which beats the saved setting, which beats the system locale."""
    monkeypatch.delenv(LANG_ENV)
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert "es" == i18n.use_language()
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "en" == i18n.use_language()
    settings.save_language("es")
    assert "es" == i18n.use_language()
    monkeypatch.setenv(LANG_ENV, "en")
    assert "en" == i18n.use_language()
    assert "es" == i18n.use_language("es-MX")
    settings.save_language(None)


def test_a_language_the_course_lacks_is_refused_with_the_list(monkeypatch, capsys):
    """An unknown --lang or $EXERCISES_LANG names the languages there are."""
    with pytest.raises(UsageError, match="choose from: en, es"):
        i18n.use_language("xx")
    monkeypatch.setenv(LANG_ENV, "klingon")
    assert 2 == main(["list"])
    assert "choose from: en, es" in capsys.readouterr().err


def test_spanish_help_and_output(monkeypatch, capsys):
    """`--lang es` gives Spanish help, and argparse's own words come from the catalogue too."""
    with pytest.raises(SystemExit):
        main(["--lang", "es", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("uso: exercises")
    assert "opciones:" in out
    assert "revisa todos los archivos de datos" in out
    assert 0 == main(["list", "--lang", "es"])
    assert "principiante" in capsys.readouterr().out


def test_english_reads_as_before(capsys):
    """In English the messages are the source strings themselves."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: exercises")
    assert "check every data file; exit 1 on problems" in out


def test_the_catalogue_is_read_only_when_a_message_is_needed():
    """Importing the command line reads no catalogue; the first message reads only the active one."""
    code = (
        "import sys, gettext\n"
        "opened = []\n"
        "real = gettext.GNUTranslations._parse\n"
        "gettext.GNUTranslations._parse = lambda self, fp: (opened.append(fp.name), real(self, fp))[1]\n"
        "import exercises_lib.cli\n"
        "before = list(opened)\n"
        "from exercises_lib.i18n import _\n"
        "_('options')\n"
        "print(len(before), len(opened))\n"
    )
    env = {"PATH": "", LANG_ENV: "es", "EXERCISES_HOME": str(REPO / "no-such-home")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert 0 == result.returncode, result.stderr
    assert "0 1" == result.stdout.strip()


# A pseudo-translation: every letter a vowel-marked twin, every message in brackets, so
# English that slipped past the catalogue stands out. Placeholders, code in backticks,
# options and environment variables stay as they are.
_KEEP = re.compile(r"(\{[^{}]*\}|`[^`]*`|%\([^)]*\)[sd]|\$[A-Z_]+|(?<!\w)--?[a-z][a-z-]*)")
_MARK = str.maketrans("aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ")


def pseudo(text: str) -> str:
    parts = _KEEP.split(text)
    return "⟦" + "".join(p if i % 2 else p.translate(_MARK) for i, p in enumerate(parts)) + "⟧"


@pytest.fixture
def pseudo_locale(tmp_path, monkeypatch):
    """The catalogue's messages, pseudo-translated, as the language 'qps'."""
    install_locale(tmp_path, monkeypatch, "qps", pseudo)


def _code_words(parser) -> set[str]:
    """Words the help may show as they are: commands, options, choices, metavars."""
    words: set[str] = {"exercises", "json", "html", "pdf", "csv", "svg", "ics", *i18n.languages()}
    for action in parser._actions:
        words.update(re.findall(r"[a-z]+", " ".join(action.option_strings).lower()))
        if action.metavar:
            words.update(re.findall(r"[a-z]+", str(action.metavar).lower()))
        if action.choices:
            for choice in action.choices:
                words.update(re.findall(r"[a-z]+", str(choice).lower()))
            if isinstance(action.choices, dict):
                for sub in action.choices.values():
                    words |= _code_words(sub)
    return words


def _english(text: str, allowed: set[str]) -> list[str]:
    """Lines with a plain-ASCII word of three letters or more that is not code."""
    found = []
    for line in text.splitlines():
        bare = re.sub(r"`[^`]*`|\S*/\S*|\$[A-Z_]+|\{[^}]*\}|\[[^\]]*\]", " ", line)
        words = [w for w in re.findall(r"\b[A-Za-z]{3,}\b", bare) if w.lower() not in allowed]
        if words:
            found.append(f"{line.strip()} ({', '.join(words)})")
    return found


def test_no_english_slips_past_the_catalogue_in_the_help(pseudo_locale, capsys):
    """With a pseudo-translation, the help of every command shows no English words."""
    parser, commands = build_parser()
    allowed = _code_words(parser)
    pages = [[], *([name] for name in commands)]
    pages += [["log", action] for action in ("add", "list", "export", "summary", "reminders")]
    pages += [["plan", action] for action in ("start", "today", "show")]
    leaks = []
    for page in pages:
        with pytest.raises(SystemExit):
            main([*page, "--help"])
        out = capsys.readouterr().out
        assert "⟦" in out
        leaks += [f"{' '.join(page) or 'exercises'}: {line}" for line in _english(out, allowed)]
    assert [] == leaks


def test_no_english_slips_past_the_catalogue_in_show(pseudo_locale, capsys, catalog):
    """`exercises show` in the pseudo-language has every label translated; data stays as it is."""
    assert 0 == main(["show", "bird-dog"])
    out = capsys.readouterr().out
    labels = [
        line.split(":")[0]
        for line in out.splitlines()
        if line[:1].strip() and ":" in line[:40] and not line.startswith(("=", "-"))
    ]
    assert labels
    assert [] == [label for label in labels if "⟦" not in label and label.strip()]
    assert json.dumps(catalog["bird-dog"].name)[1:-1] in out


def _data_strings(catalog) -> list[str]:
    """Every text of the loaded data (routes and numbers filled in), longest first."""
    import dataclasses

    from exercises_lib.notebooks import lesson_title

    found: set[str] = set()
    seen: set[int] = set()

    def walk(value) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.strip():
            value = " ".join(value.split())
            found.update({value, value.lower(), value.rstrip(".")})

    walk(catalog)
    # lesson titles are the course's words, translated with the lessons, not by the catalogue
    found.update(lesson_title(p) for p in (REPO / "lessons").glob("*.ipynb"))
    safety = catalog.safety
    found |= {safety.stop_rule, safety.short_disclaimer, safety.credit.citation}
    found |= {level.short_line for level in safety.warning_signs.levels}
    found |= {r.emergency for r in catalog.regions.values()}
    found |= {s.citation for e in catalog for s in (e.source,)}
    return sorted(found, key=len, reverse=True)


def _leaks(text: str, data: list[str]) -> list[str]:
    """Plain-ASCII words left once the data's own texts are taken out."""
    text = " ".join(text.split())
    for value in data:
        text = text.replace(value, " ")
    words = re.findall(r"\b[A-Za-z]{4,}\b", text)
    return sorted(set(words) - _CODE_WORDS)


# Words a page may show as they are: formats, units, ids and names that are not English.
_CODE_WORDS = {"HTML", "mailto", "http", "https", "NICE", "Ctrl", "English"}


def _page_text(html: str) -> str:
    text = re.sub(r"(?s)<style.*?</style>|<script.*?</script>|<[^>]+>", " ", html)
    return " ".join(unescape(text).split())


def test_no_english_slips_past_the_catalogue_on_the_sheets(pseudo_locale):
    """Every printable sheet, in the pseudo-language, shows English only where the data does."""
    from exercises_lib import load_catalog

    catalog = load_catalog(REPO / "data", lang="qps")
    data = _data_strings(catalog)
    pages = all_sheets(catalog)
    leaks = {name: _leaks(_page_text(html), data) for name, html in pages.items()}
    assert {name: [] for name in pages} == leaks


def _widget_texts(widget) -> list[str]:
    texts = []
    import ipywidgets

    names = ["description", "tooltip", "placeholder"]
    if isinstance(widget, (ipywidgets.HTML, ipywidgets.Label)):
        names.append("value")  # other widgets' values are ids or what the learner typed
    for name in names:
        value = getattr(widget, name, None)
        if isinstance(value, str):
            texts.append(_page_text(value))
    for label, *_rest in getattr(widget, "_options_labels", ()) and [
        (label,) for label in widget._options_labels
    ]:
        texts.append(label)
    for child in getattr(widget, "children", ()):
        texts += _widget_texts(child)
    return texts


def test_no_english_slips_past_the_catalogue_in_the_widgets(pseudo_locale, tmp_path, monkeypatch):
    """The lessons' widgets, in the pseudo-language, show English only where the data does."""
    from exercises_lib.course import Lesson
    from exercises_lib.widgets import CircuitTimer, RegionPicker, RoutineBuilder
    from exercises_lib.widgets.picker import HandoutPicker

    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    lesson = Lesson("04-bird-dog")
    data = _data_strings(lesson.catalog)
    shown = {
        "checklist": lesson.safety_checklist(),
        "practice": lesson.practice("bird-dog"),
        "pain check": lesson.pain_check(),
        "form": lesson.form_checklist("bird-dog"),
        "quiz": lesson.quiz(),
        "session": lesson.session("starter"),
        "region and language": RegionPicker(lesson.catalog),
        "routine builder": RoutineBuilder(lesson.catalog, tmp_path / "routines"),
        "handout picker": HandoutPicker(lesson.catalog, REPO),
        "circuit": CircuitTimer(lesson.catalog),
    }
    leaks = {name: _leaks(" ".join(_widget_texts(widget)), data) for name, widget in shown.items()}
    assert {name: [] for name in shown} == leaks


@pytest.mark.slow
def test_no_english_slips_past_the_catalogue_in_a_lesson_handout_or_deck(pseudo_locale, tmp_path):
    """A lesson run, printed and made into decks in the pseudo-language, shows English only
    in words the data or the lesson's own text holds."""
    import nbformat

    from exercises_lib import load_catalog
    from exercises_lib.handouts import build_handouts
    from exercises_lib.slides import build_slides

    catalog = load_catalog(REPO / "data", lang="qps")
    lesson = REPO / "lessons" / "04-bird-dog.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    allowed = {w.lower() for text in _data_strings(catalog) for w in re.findall(r"[A-Za-z]+", text)}
    allowed |= {
        w.lower()
        for c in nb.cells
        if c.cell_type == "markdown"
        for w in re.findall(r"[A-Za-z]+", c.source)
    }
    allowed |= {w.lower() for w in _CODE_WORDS}
    written = build_handouts(
        tmp_path / "handouts", catalog, formats=("html",), lessons=["04-bird-dog"]
    )
    written += build_slides(tmp_path / "slides", catalog, lessons=["04"])
    pages = [p for p in written if p.suffix == ".html" and "04-bird-dog" in p.name]
    assert len(pages) >= 3  # the handout and both decks
    leaks = {
        p.name: sorted(
            {w for w in re.findall(r"\b[A-Za-z]{4,}\b", _page_text(p.read_text("utf-8")))}
            - {
                w
                for w in re.findall(r"\b[A-Za-z]{4,}\b", _page_text(p.read_text("utf-8")))
                if w.lower() in allowed
            }
        )
        for p in pages
    }
    assert {p.name: [] for p in pages} == leaks


def test_an_unknown_id_is_said_in_the_learner_s_language(capsys):
    """A mistyped exercise id is refused in Spanish, with the did-you-mean, under --lang es."""
    spanish = gettext.translation(DOMAIN, LOCALE_DIR, languages=["es"])
    assert 1 == main(["--lang", "es", "show", "bird-dgo"])
    err = capsys.readouterr().err
    expected = spanish.gettext(" Did you mean {close!r}?").format(close="bird-dog")
    assert expected in err
    assert "Unknown exercise" not in err


def test_every_language_the_course_ships_has_all_it_needs():
    """One row a language: each shipped language has its catalogue, an overlay for every
    data file, words for every lesson and tool notebook, the trainer guide, and (but for
    English) a JupyterLab language pack in the [lab] extra."""
    import tomllib

    from exercises_lib.guide import translated_guide
    from exercises_lib.lessonwords import words_path
    from exercises_lib.overlays import LOCALES, overlay_path

    shipped = [row.code for row in i18n.LANGUAGES]
    assert list(i18n.languages()) == shipped  # a catalogue for each row, and no other
    data = REPO / "data"
    # the check-in questionnaires are their owners' words: never translated by the course
    data_files = sorted(
        p
        for p in data.rglob("*.yaml")
        if LOCALES not in p.relative_to(data).parts and "measures" not in p.relative_to(data).parts
    )
    notebooks = sorted((REPO / "lessons").glob("*.ipynb")) + sorted(
        (REPO / "notebooks").glob("*.ipynb")
    )
    assert data_files and notebooks
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    lab = " ".join(extras["project"]["optional-dependencies"]["lab"])
    missing = []
    for row in i18n.LANGUAGES[1:]:
        missing += [f for f in data_files if not overlay_path(data, f, row.code).is_file()]
        missing += [n for n in notebooks if not words_path(n, row.code).is_file()]
        guide = translated_guide(REPO / "lessons" / "TRAINER-GUIDE.md", row.code)
        missing += [] if guide.is_file() else [guide]
        assert row.lab_locale and row.lab_pack and row.lab_pack in lab, row
    assert [] == [str(p.relative_to(REPO)) for p in missing]
