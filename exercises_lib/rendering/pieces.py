"""The small HTML pieces every view is built from, each escaping its text, and the
cards' stylesheet."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from ..i18n import _
from ..safetymodels import Source
from .text import source_text

__all__ = [
    "CARD_CSS",
    "bold_html",
    "course_css",
    "header_row",
    "heading_html",
    "labelled_html",
    "list_html",
    "nothing_html",
    "source_html",
]

# Colour always comes with a word: the badge says the level, the box says "Caution".
CARD_CSS = """
<style>
.exl-card{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:16px;
 line-height:1.5;color:#1a1a1a;background:#fff;border:2px solid #2d5f8a;border-radius:10px;
 padding:16px 20px;margin:8px 0;max-width:52em;break-inside:avoid;page-break-inside:avoid}
.exl-card h2,.exl-card h3{color:#17324d;margin:.6em 0 .3em}
.exl-card h2{font-size:1.5em;margin-top:0}
.exl-card h3{font-size:1.1em}
.exl-badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:.85em;
 font-weight:600;border:1px solid #333;margin-left:.5em;vertical-align:middle}
.exl-beginner{background:#e3f4e1;color:#124d12}
.exl-intermediate{background:#fff1cc;color:#5c4100}
.exl-advanced{background:#fde2e0;color:#7a1712}
.exl-dose{background:#eef4fa;border-left:6px solid #2d5f8a;padding:8px 12px;margin:8px 0}
.exl-dose table{border-collapse:collapse}
/* JupyterLab right-aligns table cells in outputs; cards read left to right. */
.exl-card table th,.exl-card table td{text-align:left!important;vertical-align:top}
.exl-dose th{padding-right:1em;font-weight:600}
.exl-caution{background:#fdecea;border-left:6px solid #a4161a;padding:8px 12px;margin:8px 0}
.exl-caution h3{color:#7a1712;margin-top:0}
.exl-steps li{margin:.2em 0}
.exl-role{display:inline-block;min-width:5.5em;font-weight:600;color:#2d5f8a}
.exl-source{font-size:.85em;color:#444;border-top:1px solid #ccc;padding-top:6px;margin-top:10px}
.exl-cols{display:grid;grid-template-columns:1fr 1fr;gap:0 2em}
@media screen and (max-width:40em){.exl-cols{grid-template-columns:1fr}}
.exl-footer{font-family:system-ui,sans-serif;font-size:15px;color:#1a1a1a;background:#fffbe6;
 border:2px solid #8a6d00;border-radius:8px;padding:10px 16px;margin:12px 0;max-width:52em;
 break-inside:avoid}
.exl-footer strong{color:#7a1712}
.exl-top{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}
.exl-top .exl-dose{flex:1 1 16em}
.exl-builder-table th,.exl-builder-table td{padding:2px 12px;text-align:left}
.exl-figure-row{margin:4px 0 6px}
.exl-figure-row svg{max-width:100%;max-height:170px;width:auto;height:auto}
.exl-feel{background:#e8f4ea;border-left:6px solid #1e6b2e;padding:6px 12px;margin:8px 0}
.exl-gate{display:block;font-style:italic;color:#7a1712}
.exl-levels{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px}
@media screen and (max-width:40em){.exl-levels{grid-template-columns:1fr}}
.exl-level{border:2px solid #a4161a;border-radius:8px;padding:6px 12px;background:#fdecea}
.exl-level h3,.exl-level h4{color:#7a1712;margin:.2em 0}
.exl-level-urgent{border-color:#8a4b00;background:#fff1e0}
.exl-level-urgent h3,.exl-level-urgent h4{color:#5c3200}
.exl-scale{border-collapse:collapse;width:100%}
.exl-scale th,.exl-scale td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}
.exl-scale-green th{background:#e3f4e1;color:#124d12}
.exl-scale-amber th{background:#fff1cc;color:#5c4100}
.exl-scale-red th{background:#fde2e0;color:#7a1712}
.exl-warn-short{margin:.3em 0}
.exl-warn-short ul{margin:.1em 0 .2em;padding-left:1.3em;columns:2 16em;column-gap:1.5em}
.exl-warn-short li{margin:0;break-inside:avoid}
/* A lesson's closing box, after the lists stood in full above: on screen it gives each
   level's heading and routes and points up to the lists; paper and handouts keep them. */
.exl-screen-ref{display:none}
@media screen{body:not(.exl-handout) .exl-footer-brief .exl-warn-short ul{display:none}
body:not(.exl-handout) .exl-footer-brief .exl-warn-short{margin:.3em 0 .7em}
body:not(.exl-handout) .exl-footer-brief .exl-screen-ref{display:inline}}
.exl-program-weeks{columns:2;column-gap:2em}
.exl-week{break-inside:avoid;page-break-inside:avoid;margin:0 0 .4em}
.exl-week h2,.exl-week h3{margin:.2em 0;font-size:1.05em}
.exl-week ul{margin:.1em 0 .1em 1.2em;padding:0}
.exl-week.exl-current{background:#eef4fa;outline:2px solid #2d5f8a}
.exl-plan-held{background:#fff1e0;border-left:6px solid #8a4b00;padding:6px 12px}
</style>
""".strip()


def course_css() -> str:
    """The cards' stylesheet, for a document's head.

    Cards carry it inline in JupyterLab, but the sanitiser drops every ``<style>`` that
    comes from a notebook, so a printed or projected page gets it from here instead.
    """
    # A link shows itself by its underline as well as its colour (WCAG 1.4.1).
    return (
        re.sub(r"</?style[^>]*>", "", CARD_CSS) + "\na{color:#1a4f8a;text-decoration:underline}\n"
    )


def nothing_html() -> str:
    """A paragraph saying there is nothing to list."""
    return "<p>" + escape(_("None.")) + "</p>"


def list_html(items: Iterable[str], css: str = "") -> str:
    """A bulleted list of texts ("None." when there are none)."""
    cls = f' class="{css}"' if css else ""
    body = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f"<ul{cls}>{body}</ul>" if body else nothing_html()


def source_html(source: Source) -> str:
    """The line that names where a text comes from."""
    return f'<p class="exl-source">{escape(source_text(source))}</p>'


def heading_html(level: int, text: str) -> str:
    """A heading of ``level``."""
    return f"<h{level}>{escape(text)}</h{level}>"


def bold_html(text: str) -> str:
    """A paragraph in bold."""
    return f"<p><strong>{escape(text)}</strong></p>"


def header_row(*cells: str) -> str:
    """A table's header row, each cell's text escaped."""
    return "<tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in cells) + "</tr>"


def labelled_html(label: str, text: str, css: str = "") -> str:
    """A paragraph that starts with a bold label: '<p><strong>Works:</strong> …</p>'."""
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}><strong>{escape(label)}</strong> {escape(text)}</p>"
