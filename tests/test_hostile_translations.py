"""Hostile translations: a message catalogue is words, never markup or code.

Anyone can edit a ``.po`` file, so each class of attack is planted in every message of a
whole catalogue, and each surface a learner, trainer or doctor sees is checked: lesson
widgets, Today's session, quiz feedback, the projector page, the printed sheets, a
lesson handout and its decks, and the command line.
"""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
import warnings
from html import escape
from pathlib import Path

import ipywidgets
import pytest
from IPython.display import HTML as IPythonHTML

from exercises_lib import i18n, load_catalog
from exercises_lib.cli import main

from .conftest import DATA, REPO, all_sheets, install_locale

# A tag that runs code when a page shows it: it must only ever reach a page escaped.
MARKUP = '<img src=x onerror="alert(1)">'
_LIVE_MARKUP = re.compile(r"<img\b[^>]*onerror", re.IGNORECASE)


def _with_markup(text: str) -> str:
    return MARKUP + text


@pytest.fixture
def markup_locale(tmp_path, monkeypatch):
    """Every message starts with a live tag, in the language 'qmk'."""
    install_locale(tmp_path, monkeypatch, "qmk", _with_markup)


def _html_of(widget) -> list[str]:
    """Every piece of HTML a widget tree puts on the page: HTML widgets' values and the
    HTML its output areas show."""
    found = []
    if isinstance(widget, IPythonHTML):
        found.append(widget.data)
    if isinstance(widget, (ipywidgets.HTML, ipywidgets.HTMLMath)):
        found.append(widget.value)
    if isinstance(widget, ipywidgets.Output):
        found += [o.get("data", {}).get("text/html", "") for o in widget.outputs]
    for child in getattr(widget, "children", ()):
        found += _html_of(child)
    return found


def _live(pages: dict[str, str]) -> dict[str, list[str]]:
    return {name: _LIVE_MARKUP.findall(html) for name, html in pages.items() if html}


def test_the_planted_tag_reaches_the_messages(markup_locale):
    """The premise: in this language every message the course gives starts with the tag."""
    assert i18n._("Start").startswith(MARKUP)


def test_translated_words_reach_widgets_as_text(markup_locale, tmp_path, monkeypatch):
    """Lesson widgets, quiz feedback and Today's session show a translation as text."""
    from exercises_lib.course import Lesson, TodaySession
    from exercises_lib.widgets import CircuitTimer, RegionPicker, RoutineBuilder
    from exercises_lib.widgets.picker import HandoutPicker

    monkeypatch.setenv("EXERCISES_HOME", str(tmp_path / "home"))
    lesson = Lesson("04-bird-dog")
    quiz = lesson.quiz()
    questions = lesson.catalog.quiz("04-bird-dog").questions
    assert questions
    for number, question in enumerate(questions):
        quiz.answer(number, 0)
        quiz.answer(number, len(question.choices) - 1)
    check = lesson.pain_check()
    check.before.value, check.after.value = 2, 8  # red: the stop words, saved to the log
    check.save_button.click()
    assert check.message.value
    shown = {
        "checklist": lesson.safety_checklist(),
        "practice": lesson.practice("bird-dog"),
        "pain check": check,
        "form": lesson.form_checklist("bird-dog"),
        "quiz": quiz,
        "session": lesson.session("starter"),
        "today": TodaySession(lesson.catalog),
        "region and language": RegionPicker(lesson.catalog),
        "routine builder": RoutineBuilder(lesson.catalog, tmp_path / "routines"),
        "handout picker": HandoutPicker(lesson.catalog, REPO),
        "projector circuit": CircuitTimer(lesson.catalog),
        "footer": lesson.footer(),
        "stop rule": lesson.stop_rule(),
        "warning signs": lesson.warning_signs(),
        "ask first": lesson.ask_first(),
        "stay active": lesson.stay_active(),
    }
    pages = {name: "".join(_html_of(widget)) for name, widget in shown.items()}
    assert all(pages.values()), [name for name, html in pages.items() if not html]
    leaks = {
        name: [html[max(0, m.start() - 80) : m.start()] for m in _LIVE_MARKUP.finditer(html)][:3]
        for name, html in pages.items()
    }
    assert {name: [] for name in pages} == leaks


def test_translated_words_reach_the_sheets_as_text(markup_locale):
    """Every printed sheet, the doctor's included, shows a translation as text."""
    catalog = load_catalog(DATA, lang="qmk")
    pages = all_sheets(catalog)
    assert {name: [] for name in pages} == _live(pages)


@pytest.mark.slow
def test_translated_words_reach_a_lesson_handout_and_its_decks_as_text(markup_locale, tmp_path):
    """A printed lesson (run in a kernel) and both its decks show a translation as text."""
    from exercises_lib.handouts import build_handouts
    from exercises_lib.slides import build_slides

    catalog = load_catalog(DATA, lang="qmk")
    written = build_handouts(
        tmp_path / "handouts", catalog, formats=("html",), lessons=["04-bird-dog"]
    )
    written += build_slides(tmp_path / "slides", catalog, lessons=["04"])
    pages = {p.name: p.read_text("utf-8") for p in written if p.suffix == ".html"}
    assert len(pages) >= 3
    assert any(escape(MARKUP) in html for html in pages.values())
    assert {name: [] for name in pages} == _live(pages)


def test_the_projector_page_shows_translated_words_as_text(markup_locale, tmp_path):
    """The page that opens the projector's circuit names it as text."""
    from exercises_lib.present import open_page

    open_page(tmp_path, "http://127.0.0.1:1/voila")
    html = (tmp_path / "open-the-circuit.html").read_text("utf-8")
    assert "&lt;img" in html
    assert [] == _LIVE_MARKUP.findall(html)


# Format fields that walk from a value to the module's globals, or break formatting.
_HOSTILE_FIELDS = {
    "attribute": "{%s.__class__.__init__.__globals__}",
    "index": "{%s[0]}",
    "positional": "{0}",
    "unknown name": "{secret}",
    "open brace": "{%s",
    "huge width": "{%s:>99999999}",
    "spec with a field": "{%s:{%s}}",
}


def _hostile(kind: str):
    pattern = _HOSTILE_FIELDS[kind]

    def translate(text: str) -> str:
        names = [f for _l, f, _s, _c in string.Formatter().parse(text) if f]
        first = names[0] if names else "count"
        return "TRANSLATED " + text + " " + pattern.replace("%s", first)

    return translate


@pytest.mark.parametrize("kind", sorted(_HOSTILE_FIELDS))
def test_a_translation_with_unsafe_placeholders_is_said_in_english(
    kind, tmp_path, monkeypatch, capsys
):
    """A planted placeholder is never formatted: the message is said in English, with one
    warning naming it, and the command goes on."""
    install_locale(tmp_path, monkeypatch, "qfx", _hostile(kind))
    monkeypatch.setenv("SECRET_OF_THE_MACHINE", "do-not-print-me")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = i18n.ngettext("printing {count} PDF", "printing {count} PDFs", 3)
        assert "printing {count} PDFs" == message
        assert 0 == main(["show", "bird-dog"])
    out = capsys.readouterr().out
    assert "do-not-print-me" not in out and "<class" not in out and "__globals__" not in out
    assert "Bird Dog" in out
    problems = [w for w in caught if issubclass(w.category, i18n.TranslationWarning)]
    assert problems
    assert any("'printing {count} PDF'" in str(w.message) for w in problems)


def test_a_translation_that_drops_a_placeholder_is_said_in_english(tmp_path, monkeypatch):
    """A translation missing a placeholder, or with one twice, is not used."""
    install_locale(
        tmp_path,
        monkeypatch,
        "qdr",
        lambda text: re.sub(r"\{(\w+)\}", "", text, count=1) + " ~" if "{" in text else text + " ~",
    )
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert "printing {count} PDFs" == i18n.ngettext(
            "printing {count} PDF", "printing {count} PDFs", 2
        )
        assert "Start ~" == i18n._("Start")


def _damaged_catalogue(tmp_path: Path, monkeypatch, body: bytes) -> None:
    folder = tmp_path / "locale" / "qdm" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{i18n.DOMAIN}.po").write_text("", encoding="utf-8")
    (folder / f"{i18n.DOMAIN}.mo").write_bytes(body)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setenv("EXERCISES_LOCALE_DIR", str(tmp_path / "locale"))


_DAMAGE = {
    "bad magic": b"\x00\x01\x02\x03" + b"\x00" * 40,
    "empty": b"",
    "truncated": b"\xde\x12\x04\x95\x00\x00\x00\x00\x05",
}


@pytest.mark.parametrize("kind", sorted(_DAMAGE))
def test_a_damaged_catalogue_is_named_once_and_the_course_goes_on_in_english(
    kind, tmp_path, monkeypatch, capsys
):
    """A catalogue that cannot be read is not offered; asked for, it is named, and every
    command goes on in English."""
    _damaged_catalogue(tmp_path, monkeypatch, _DAMAGE[kind])
    monkeypatch.setenv(i18n.LANG_ENV, "qdm")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ("en",) == i18n.languages()
        assert 0 == main(["show", "bird-dog"])
        assert 0 == main(["list"])
    assert "Bird Dog" in capsys.readouterr().out
    named = [w for w in caught if issubclass(w.category, i18n.TranslationWarning)]
    assert 1 == len(named) and "qdm" in str(named[0].message)


def _plural_catalogue(tmp_path: Path, monkeypatch, rule: str) -> None:
    """A catalogue, 'qpl', with one message and one plural, whose plural rule is ``rule``."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale=None, domain=i18n.DOMAIN)
    catalog._num_plurals, catalog._plural_expr = 2, rule  # the header babel writes
    catalog.add("Start", "Empezar")
    catalog.add(("{count} rep", "{count} reps"), ("{count} rep.", "{count} reps."))
    folder = tmp_path / "locale" / "qpl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as target:
        write_mo(target, catalog)
    assert f"plural={rule};".encode() in (folder / f"{i18n.DOMAIN}.mo").read_bytes()
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")


_BAD_RULES = {
    "imports": "__import__('os').system('true')",
    "too long": "(" * 400 + "n" + ")" * 400,
    "invalid": "n +",
}


@pytest.mark.parametrize("kind", sorted(_BAD_RULES))
def test_a_catalogue_whose_plural_rule_is_code_or_broken_is_not_offered(
    kind, tmp_path, monkeypatch
):
    """A plural rule that tries code, is too long or does not parse: the catalogue is
    named once and not offered, never run."""
    _plural_catalogue(tmp_path, monkeypatch, _BAD_RULES[kind])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert "qpl" not in i18n.languages()
    named = [w for w in caught if issubclass(w.category, i18n.TranslationWarning)]
    assert 1 == len(named) and "qpl" in str(named[0].message)


@pytest.mark.parametrize("rule", ["n / 0", "5"], ids=["divides by zero", "form out of range"])
def test_a_plural_rule_that_fails_on_a_count_gives_the_english_plural(rule, tmp_path, monkeypatch):
    """A rule that divides by zero, or picks a form the catalogue lacks, gives the English
    plural and one warning; the other messages stay translated."""
    _plural_catalogue(tmp_path, monkeypatch, rule)
    assert "qpl" in i18n.languages()
    with warnings.catch_warnings(record=True) as caught, i18n.speaking("qpl"):
        warnings.simplefilter("always")
        assert "{count} reps" == i18n.ngettext("{count} rep", "{count} reps", 3)
        assert "Empezar" == i18n._("Start")
    assert [w for w in caught if issubclass(w.category, i18n.TranslationWarning)]


def test_a_language_folder_named_like_markup_is_never_offered(tmp_path, monkeypatch):
    """Only folders named as languages are ('es', 'pt_BR'): one named like a tag, or a
    path, never reaches a lookup, a path or a page."""
    locale = install_locale(tmp_path, monkeypatch, "qok", lambda text: text)
    for name in ['<img src=x onerror="a()">', "..", "ES", "e", "es-ES"]:
        bad = locale / name / "LC_MESSAGES"
        bad.mkdir(parents=True, exist_ok=True)
        (bad / f"{i18n.DOMAIN}.mo").write_bytes(
            (locale / "qok" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").read_bytes()
        )
    i18n.languages.cache_clear()
    assert ("en", "qok") == i18n.languages()


def test_a_po_without_its_compiled_catalogue_is_not_offered(tmp_path, monkeypatch):
    """A language is offered only when its compiled catalogue loads, never English in disguise."""
    locale = install_locale(tmp_path, monkeypatch, "qnc", lambda text: text)
    (locale / "qnc" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").unlink()
    i18n.languages.cache_clear()
    assert "qnc" not in i18n.languages()


@pytest.mark.parametrize(
    "chosen", [{i18n.LANG_ENV: "es"}, {"LANG": "es_ES.UTF-8"}], ids=["asked", "system"]
)
def test_a_damaged_catalogue_in_a_fresh_process_is_one_line_not_a_traceback(chosen, tmp_path):
    """Run as a learner would, asking for Spanish or with a Spanish system, a damaged
    Spanish catalogue costs one line naming it, and the command goes on in English."""
    locale = tmp_path / "locale" / "es" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / f"{i18n.DOMAIN}.mo").write_bytes(b"\xde\x12\x04\x95garbage")
    env = {
        "PATH": "",
        "EXERCISES_LOCALE_DIR": str(tmp_path / "locale"),
        "EXERCISES_HOME": str(tmp_path / "home"),
        i18n.LANG_ENV: "",
        **chosen,
    }
    run = subprocess.run(
        [sys.executable, "-m", "exercises_lib", "show", "bird-dog"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert 0 == run.returncode, run.stderr
    assert "Bird Dog" in run.stdout
    assert "Traceback" not in run.stderr
    assert 1 == len(run.stderr.strip().splitlines()), run.stderr
    assert "exercises.mo" in run.stderr and "English" in run.stderr


def test_validate_refuses_a_translation_whose_placeholders_differ(tmp_path, monkeypatch, capsys):
    """`exercises validate` names each translation whose placeholders are not the English
    ones, counted: one written twice is refused as well as one dropped or added."""
    install_locale(
        tmp_path,
        monkeypatch,
        "qtw",
        lambda text: text.replace("{minutes}", "{minutes}{minutes}", 1),
    )
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert 1 == main(["validate"])
    err = capsys.readouterr().err
    assert "{minutes}" in err and "qtw" in err


def test_every_shipped_translation_keeps_its_placeholders():
    """The premise of the check above: the course's own catalogues pass it."""
    assert [] == i18n.catalogue_problems()
    assert len(i18n.languages()) >= 2


@pytest.mark.parametrize("kind", ["huge width", "attribute"])
def test_a_planted_catalogue_stays_small_in_a_child_process(kind, tmp_path, monkeypatch):
    """Run as a learner would, with every message planted, `show` and a sheet stay well
    under 200 MB (the child's own peak) and print no secret."""
    from .test_hostile import PRINT_PEAK, _limited, assert_bounded

    locale = install_locale(tmp_path, monkeypatch, "qfx", _hostile(kind))
    code = (
        "import os\n"
        "os.environ['SECRET_OF_THE_MACHINE'] = 'do-not-print-me'\n"
        "from exercises_lib.cli import main\n"
        f"assert main(['show', 'bird-dog']) == 0\n"
        f"assert main(['handouts', '--exercises', 'bird-dog', '--format', 'html', "
        f"'--out', {str(tmp_path / 'out')!r}]) == 0\n"
        f"{PRINT_PEAK}"
    )
    env = {**os.environ, "EXERCISES_LOCALE_DIR": str(locale), i18n.LANG_ENV: "qfx"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
        cwd=tmp_path, preexec_fn=_limited,
    )  # fmt: skip
    assert 0 == run.returncode, run.stderr[-2000:]
    assert "do-not-print-me" not in run.stdout + run.stderr
    assert "do-not-print-me" not in (tmp_path / "out" / "exercise-sheet.html").read_text("utf-8")
    assert_bounded(run)


def test_a_relative_catalogue_folder_means_the_same_folder_to_a_kernel(tmp_path):
    """$EXERCISES_LOCALE_DIR given relative is made absolute for every process started from
    here (a kernel runs in the lesson's folder), so it never names another folder there."""
    (tmp_path / "tryout" / "es" / "LC_MESSAGES").mkdir(parents=True)
    code = "import os, exercises_lib.i18n as i; print(i.LOCALE_DIR); print(os.environ['EXERCISES_LOCALE_DIR'])"
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**os.environ, "EXERCISES_LOCALE_DIR": "tryout"},
    )  # fmt: skip
    assert [str(tmp_path / "tryout")] * 2 == run.stdout.split()
