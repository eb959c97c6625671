"""The static site's start page: where to begin in each language, what stays in the
browser, how to print, and the safety footer every page of the course carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from urllib.parse import quote, urlencode

from .i18n import SOURCE_LANGUAGE, _, language, language_name, speaking
from .jupyterlab import menu_words
from .lite import SAVED_FOLDER
from .loading import course_catalog
from .present import circuit_code
from .rendering import safety_footer_html
from .workspace import START_PAGE

__all__ = [
    "HANDOUTS_FOLDER",
    "Handout",
    "circuit_address",
    "handout_files",
    "handouts_in",
    "lab_app",
    "start_page",
]

# The HTML handouts, in the site's files (so the file browser lists them too).
HANDOUTS_FOLDER = "handouts"
_CSS = """
body { font: 18px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
a.exl-start { display: inline-block; font-size: 1.3rem; padding: .6rem 1.2rem; margin: .5rem 0;
  background: #1d4f91; color: #fff; border-radius: .4rem; text-decoration: none; }
a.exl-start:focus { outline: 3px solid #e8a33d; outline-offset: 2px; }
section + section { border-top: 2px solid #ccc; margin-top: 2rem; }
"""


def _folder(lang: str) -> str:
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"


def lab_app(lang: str) -> str:
    """The folder of the JupyterLab app whose menus speak ``lang``: the site's own ``lab``
    for English and any language with no language pack, else ``lab-<code>``."""
    row = language(lang)
    return "lab" if row is None or row.lab_locale is None else f"lab-{lang}"


def handout_files(lang: str) -> str:
    """The handouts' folder in the site's files, for ``lang``."""
    return f"{_folder(lang)}{HANDOUTS_FOLDER}"


def circuit_address(lang: str) -> str:
    """The projector circuit in the site: JupyterLite's one-prompt app (the REPL) runs the
    circuit's code with its input hidden, and the circuit covers the screen."""
    query = {
        "kernel": "python",
        "showBanner": "0",
        "hideCodeInput": "1",
        "code": circuit_code(language=lang),
    }
    return f"repl/index.html?{urlencode(query, quote_via=quote)}"


@dataclass(frozen=True)
class Handout:
    """A handout in the site: its file's name, and the title it prints under."""

    file: str
    title: str


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def handouts_in(folder: Path) -> list[Handout]:
    """The HTML handouts in ``folder``, lessons first, each named by its own title."""
    found = []
    for path in sorted(
        folder.glob("*.html"), key=lambda p: (not p.name.startswith("lesson-"), p.name)
    ):
        title = _TITLE.search(path.read_text(encoding="utf-8"))
        found.append(Handout(path.name, unescape(title[1]).strip() if title else path.stem))
    return found


def _section(lang: str, region: str | None, handouts: list[Handout]) -> str:
    with speaking(lang):
        catalog = course_catalog(region=region, lang=lang)
        start = f"{lab_app(lang)}/index.html?path={quote(_folder(lang) + START_PAGE)}"
        items = "".join(
            f'<li><a href="files/{quote(handout_files(lang))}/{quote(handout.file)}">'
            f"{escape(handout.title)}</a></li>"
            for handout in handouts
        )
        texts = {
            "start": _("Start the course"),
            "first": _(
                "The first start takes a minute or two while your browser loads Python. "
                "Nothing is installed on your computer."
            ),
            "kept_title": _("What stays in this browser"),
            "kept": _(
                "Your progress log and settings are saved in this browser only, in the "
                "folder {folder}. Nothing is sent anywhere. Clearing the browser's data "
                "for this site erases them."
            ).format(folder=SAVED_FOLDER),
            "move": _(
                "To keep a copy, or to move to another computer: in the file browser, "
                "right-click {folder}/progress.sqlite and choose {download}. On the other "
                "computer, upload the file into {folder}."
            ).format(folder=SAVED_FOLDER, download=menu_words(lang)("Download")),
            "circuit_title": _("For trainers: the circuit on a projector"),
            "circuit": _("Open the circuit timer"),
            "circuit_how": _(
                "It fills the screen with one station after another, in huge type. Open "
                "Circuit settings to choose the stations and times. Your browser's full-screen mode "
                "(F11 on most computers) hides its own bars too."
            ),
            "print_title": _("Print handouts"),
            "print": _(
                "Open a handout and print it with your browser's Print (Ctrl+P, or Cmd+P "
                "on a Mac). PDF files and the routine builder need the course installed "
                "on a computer (see the README)."
            ),
        }
        text = {key: escape(value) for key, value in texts.items()}
        return (
            f'<section lang="{lang}"><h2>{escape(language_name(lang))}</h2>'
            f'<p><a class="exl-start" href="{escape(start)}">{text["start"]}</a></p>'
            f"<p>{text['first']}</p>"
            f"<h3>{text['kept_title']}</h3><p>{text['kept']}</p><p>{text['move']}</p>"
            f"<h3>{text['circuit_title']}</h3><p>{text['circuit_how']}</p>"
            f'<p><a href="{escape(circuit_address(lang))}">{text["circuit"]}</a></p>'
            f"<h3>{text['print_title']}</h3><p>{text['print']}</p><ul>{items}</ul>"
            f"{safety_footer_html(catalog.safety)}</section>"
        )


def start_page(
    languages: list[str], region: str | None, handouts: dict[str, list[Handout]], config: str
) -> str:
    """The whole page: one section per language, English first. ``config`` is JupyterLite's
    settings element, which the app reads from this page."""
    with speaking(SOURCE_LANGUAGE):
        title = escape(_("A stronger lower back"))
    sections = "".join(_section(lang, region, handouts.get(lang, [])) for lang in languages)
    return (
        f'<!DOCTYPE html><html lang="{SOURCE_LANGUAGE}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>{config}<style>{_CSS}</style></head>"
        f"<body><main><h1>{title}</h1>{sections}</main></body></html>\n"
    )
