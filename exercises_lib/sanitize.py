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

import nh3

__all__ = ["clean_html"]

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


def clean_html(html: str) -> str:
    """The HTML with every script, event handler and unsafe URL removed."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        filter_style_properties=_STYLE_PROPERTIES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto", "data"},
        link_rel=None,
        strip_comments=True,
    )
