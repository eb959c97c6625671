"""The static site's build (exercises_lib/site.py, sitepage.py) in parts that need no
JupyterLite; tests/browser/test_site.py builds a whole site and runs it in Chromium."""

from __future__ import annotations

import html
import re
from importlib.metadata import requires
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from packaging.requirements import Requirement

from exercises_lib import i18n, load_catalog, site
from exercises_lib.cli import main
from exercises_lib.coursefiles import course_dir
from exercises_lib.errors import UsageError
from exercises_lib.i18n import _, speaking
from exercises_lib.jupyterlab import menu_words
from exercises_lib.present import circuit_code
from exercises_lib.site import COMPUTER_ONLY, browser_requirements, site_tools, stand_in
from exercises_lib.sitepage import (
    HANDOUTS_FOLDER,
    Handout,
    circuit_address,
    handouts_in,
    start_page,
)
from exercises_lib.userdata import WriteRefused, held
from exercises_lib.workspace import START_PAGE, fresh_copy

from .conftest import DATA

# The course's own requirements that its markers keep out of the browser.
NOT_IN_THE_BROWSER = sorted(
    r.name.lower()
    for r in map(Requirement, requires("exercises-lib") or [])
    if r.marker is not None and "emscripten" in str(r.marker)
)
CONFIG = '<script id="jupyter-config-data" type="application/json">{}</script>'


def test_the_browser_needs_the_widgets_and_never_the_yaml_or_schema_packages():
    needed, left_out = browser_requirements()
    assert {"pyyaml", "jsonschema", "filelock"} <= set(NOT_IN_THE_BROWSER)
    assert NOT_IN_THE_BROWSER == left_out
    assert {"ipywidgets", "anywidget", "traitlets", "micropip"} <= set(needed)
    assert set() == set(needed) & set(left_out)
    # the kernel brings its own stand-ins for these
    assert set() == set(needed) & {"widgetsnbextension", "jupyterlab-widgets", "ipykernel"}


def test_without_jupyterlite_the_build_says_how_to_get_it():
    try:
        import jupyterlite_core  # noqa: F401
    except ImportError:
        with pytest.raises(UsageError, match="make site"):
            site_tools()
    else:
        assert site_tools()[1]


def test_an_unknown_region_is_refused_with_the_list(capsys):
    assert 1 == main(["site", "--region", "XX", "--out", "nowhere"])
    err = capsys.readouterr().err
    assert "GB" in err and "Traceback" not in err


@pytest.mark.parametrize("lang", i18n.languages())
@pytest.mark.parametrize("path", sorted(COMPUTER_ONLY))
def test_a_computer_only_tool_says_what_to_do_instead(path, lang):
    """In the learner's language, naming JupyterLab's menu item as its menus there say it."""
    nb = fresh_copy(course_dir() / path, lang)
    cells = stand_in(nb, path, lang)
    assert nb.cells[0].source.splitlines()[0] == cells[0].source.splitlines()[0]
    menu = menu_words(lang)("Open in New Browser Tab")
    with speaking(lang):
        words = _(COMPUTER_ONLY[path]).format(folder=HANDOUTS_FOLDER, open_in_tab=menu)
    assert words in cells[0].source
    assert ("{open_in_tab}" in COMPUTER_ONLY[path]) == (f"**{menu}**" in cells[0].source)
    assert "README" in cells[0].source
    assert ["markdown", "code"] == [c.cell_type for c in cells]
    assert ".footer()" in cells[1].source
    nbformat.validate(nbformat.v4.new_notebook(cells=cells))


def test_the_start_page_opens_lesson_00_in_each_language_with_the_safety_footer():
    languages = list(i18n.languages())
    sheet = Handout("a<b>.html", "Sheet <i>one</i>")
    handouts = {lang: [Handout("lesson-00-start-here.html", "00"), sheet] for lang in languages}
    page = start_page(languages, "ES", handouts, CONFIG)
    assert CONFIG in page  # JupyterLite reads its settings from this page
    starts = re.findall(r'class="exl-start" href="([^"]+)"', page)
    # a language with JupyterLab menus of its own starts in its own copy of the app
    assert [
        f"lab{'' if lang == 'en' else '-' + lang}/index.html"
        f"?path={'' if lang == 'en' else lang + '/'}{START_PAGE}"
        for lang in languages
    ] == starts
    assert all(i18n.language(lang).lab_locale for lang in languages if lang != "en")
    assert len(languages) == page.count('<aside class="exl-footer"')
    assert "a%3Cb%3E.html" in page and "a<b>.html" not in page
    assert "Sheet &lt;i&gt;one&lt;/i&gt;</a>" in page and "<i>" not in page
    spain = load_catalog(DATA, region="ES").regions["ES"].number
    assert spain in page


def test_the_handouts_are_listed_by_their_titles_lessons_first(tmp_path):
    (tmp_path / "weekly-log.html").write_text("<title>Weekly &amp; log</title>")
    (tmp_path / "lesson-01-a.html").write_text("<html><title>\n01 · A\n</title>")
    (tmp_path / "lesson-00-b.html").write_text("<p>no title</p>")
    (tmp_path / "notes.txt").write_text("<title>not a handout</title>")
    assert [
        Handout("lesson-00-b.html", "lesson-00-b"),
        Handout("lesson-01-a.html", "01 · A"),
        Handout("weekly-log.html", "Weekly & log"),
    ] == handouts_in(tmp_path)


@pytest.mark.parametrize("lang", i18n.languages())
def test_each_language_links_the_projector_circuit_in_that_language(lang):
    address = circuit_address(lang)
    parts = urlsplit(address)
    assert "repl/index.html" == parts.path
    query = parse_qs(parts.query)
    # the circuit's code runs with its input hidden: nothing but the circuit shows
    assert {"kernel": ["python"], "hideCodeInput": ["1"], "showBanner": ["0"]}.items() <= {
        k: v for k, v in query.items() if k != "code"
    }.items()
    assert [circuit_code(language=lang)] == query["code"]
    assert f"use_language({lang!r})" in query["code"][0]
    page = start_page([lang], None, {}, CONFIG)
    assert f'href="{html.escape(address)}"' in page
    with speaking(lang):
        assert html.escape(_("Open the circuit timer")) in page


def test_the_menu_words_are_jupyterlabs_own_in_each_language():
    """English keeps JupyterLab's words; another language's come from its language pack
    (installed with the course's [lab] extra), never from the course's catalogue."""
    assert "Download" == menu_words("en")("Download")
    assert "Download" == menu_words("xx")("Download")
    rows = [row for row in i18n.LANGUAGES if row.lab_locale]
    assert rows
    for row in rows:
        assert menu_words(row.code)("Download") not in ("", "Download"), row.code


def test_two_builds_sharing_a_work_folder_take_turns(tmp_path, monkeypatch):
    """While one build holds the work folder, another waits its turn; past that, it stops
    with the folder named, and has written nothing."""
    monkeypatch.setattr(site, "site_tools", lambda: ("0", "0"))
    monkeypatch.setattr(site, "_TURN_SECONDS", 0.2)
    work = tmp_path / "work"
    with held(work), pytest.raises(WriteRefused, match="work"):
        site.build_site(tmp_path / "out", work=work)
    assert not (tmp_path / "out").exists()
    assert not work.exists()
