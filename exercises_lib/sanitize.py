"""One allowlist for HTML that comes from a notebook into a handout or a deck: never a script.

Markdown cells, HTML and SVG outputs of any notebook pass through ``clean_html``
(the maintained ``nh3`` sanitiser) before they reach a page that Chromium prints.
Tags, attributes and URL schemes outside the allowlist are dropped; ``<script>`` and
``<style>`` go with their content, and a ``style`` attribute keeps only the properties
in ``_STYLE_PROPERTIES``: nothing from a notebook can place itself over the page
(``position: fixed``) or restyle the safety box. The course's own stylesheet is put in
each document's head by the exporter instead (``rendering.course_css``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from pathlib import PurePosixPath

import nh3

from .poses import SEGMENTS

__all__ = ["clean_html", "relink"]

_SVG_TAGS = {
    "svg", "g", "path", "line", "polyline", "polygon", "circle", "ellipse", "rect",
    "text", "tspan", "title", "desc", "defs", "marker", "animate", "animateTransform",
}  # fmt: skip
_SVG_ATTRIBUTES = {
    "viewBox", "xmlns", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "opacity",
    "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
    "stroke-opacity", "marker-end", "marker-start", "markerWidth", "markerHeight",
    "refX", "refY", "orient", "font-size", "font-family", "font-weight", "text-anchor",
    "dominant-baseline", "preserveAspectRatio", "attributeName", "values", "dur",
    "begin", "repeatCount", "calcMode", "keyTimes", "from", "to", "type", "fill-rule",
}  # fmt: skip
_TAGS = set(nh3.ALLOWED_TAGS) | _SVG_TAGS | {"section", "main", "kbd", "input"}
# What the course's own print views set inline; none of them can move or cover anything.
_STYLE_PROPERTIES = {
    "color", "background-color", "font-weight", "font-style", "text-align",
    "text-decoration", "list-style", "padding-left", "min-width",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "id", "role", "title", "lang", "style", "dir"},
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
    "input": {"type", "checked", "disabled"},
    **{tag: _SVG_ATTRIBUTES for tag in _SVG_TAGS},
}


# The course's own classes: its cards and boxes (exl-…) and the parts of its figures. Any
# other class (JupyterLab's jp-…, a deck's) would take that page's styles, and could
# cover the safety box or blank a printed page.
_FIGURE_CLASSES = frozenset({"pose", "towel", "floor", "mat", "arrow", *SEGMENTS})
# A URL a page may load by itself: data in the page, or a file beside it. Anything else
# (another site, an absolute path) would make an opened handout or deck call out.
_LOCAL_URL = re.compile(r"(data:|(?![a-z][a-z0-9+.-]*:)(?![/\\]))", re.I)
_ONLY_AN_ANCHOR = re.compile(r"\s*url\(\s*['\"]?#[\w.-]+['\"]?\s*\)\s*", re.I)


def _course_class(name: str) -> bool:
    return name.startswith(("exl-", "pose-")) or name in _FIGURE_CLASSES


def _kept(tag: str, attribute: str, value: str) -> str | None:
    """An attribute's value as it may stay, or None to drop the attribute."""
    if attribute == "class":
        return " ".join(name for name in value.split() if _course_class(name)) or None
    if attribute == "src" and not _LOCAL_URL.match(value.strip()):
        return None
    if "url(" in value.lower() and not _ONLY_AN_ANCHOR.fullmatch(value):
        return None  # list-style: url(…), fill="url(https://…)": only a place in the page
    return value


# nbconvert's heading anchors ("¶"): a screen shows them on hover; a page or slide never.
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>[^<]*</a>')


def clean_html(html: str) -> str:
    """The HTML with every script, event handler, foreign class and outside URL removed,
    and no heading anchors."""
    return nh3.clean(
        _ANCHOR_LINK.sub("", html),
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_kept,
        filter_style_properties=_STYLE_PROPERTIES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto", "data"},
        link_rel=None,
        strip_comments=True,
    )


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')
# Links that work from any copy of a file: the web, mail, and places in the same page.
_WORKS_ANYWHERE = re.compile(r"^(https?:|mailto:|#)", re.I)


def relink(html: str, targets: Mapping[str, str]) -> str:
    """Links to course notebooks point at the files built from them, or become plain text.

    ``targets`` maps a notebook's name without ``.ipynb`` (``01-safety-first``) to the
    file built from it in the same folder (``lesson-01-safety-first.html``). Any other
    relative link (a notebook, the README) would lead nowhere beside the built files, so
    its words stay and the link goes.
    """

    def one(match: re.Match[str]) -> str:
        attributes, words = match.group(1), match.group(2)
        href = _HREF.search(attributes)
        if href is None or _WORKS_ANYWHERE.match(href.group(1)):
            return match.group(0)
        path, _hash, fragment = href.group(1).partition("#")
        target = targets.get(PurePosixPath(path).name.removesuffix(".ipynb"))
        if target is None:
            return words
        new_href = escape(target) + (f"#{fragment}" if fragment else "")
        attributes = _HREF.sub(f'href="{new_href}"', attributes, count=1)
        return f"<a{attributes}>{words}</a>"

    return _LINK.sub(one, html)
