"""Print styling shared by lesson handouts and data sheets: paper, running header, footer."""

from __future__ import annotations

import re
from html import escape

from ..i18n import N_, _, current_language
from ..rendering import CARD_CSS, safety_footer_html
from ..safetymodels import SafetyRules

__all__ = [
    "COURSE_TITLE",
    "PAPERS",
    "SHEET_CSS",
    "page_footer_text",
    "page_margins_mm",
    "print_css",
    "safety_block",
]

# Marked here, translated where it is printed.
COURSE_TITLE = N_("A stronger lower back")
PAPERS = {"a4": "A4", "letter": "letter"}


_CSS_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?()-")


def _css_string(text: str) -> str:
    """Text as a CSS string literal (for @page margin boxes) that cannot end early.

    Anything but letters, digits, spaces and plain punctuation becomes a six-digit
    CSS escape, so no quote, backslash, angle bracket or line break from the data
    ever reaches the stylesheet as itself (no ``</style>`` break-out).
    """
    # The space after each escape ends it and is not shown, so a real space after survives.
    return '"' + "".join(c if c in _CSS_PLAIN else f"\\{ord(c):06x} " for c in text) + '"'


def page_footer_text(safety: SafetyRules) -> str:
    """The line printed at the foot of every page: disclaimer, stop rule and credit."""
    return _("{disclaimer} Stop rule: {rule} Based on {citation}.").format(
        disclaimer=safety.short_disclaimer, rule=safety.stop_rule, citation=safety.credit.citation
    )


def _page_numbers() -> str:
    """CSS content for 'Page 2 of 4' in the reader's language."""
    words = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", words)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(part) or _css_string(part) for part in parts if part)


def print_css(safety: SafetyRules, title: str, paper: str = "a4", *, large: bool = False) -> str:
    """@page rules (size, running header, numbered footer) and type that reads on paper.

    Normal print sets body text at 11 pt, cards in two columns, and lets blocks flow from
    page to page (a block moves on only when it would not fit), so no paper is wasted.
    ``large`` sets 14.5 pt text in one column, with each exercise card on a page of its own.
    """
    size = PAPERS[paper]
    scale = _LARGE if large else _NORMAL
    course = _(COURSE_TITLE)
    return f"""
@page {{
  size: {size};
  margin: {scale["top"]} 14mm {scale["bottom"]} 14mm;
  @top-left {{ content: {_css_string(course)}; font: 600 {scale["running"]} system-ui, sans-serif; color: #17324d; }}
  @top-right {{ content: {_css_string(title)}; font: {scale["running"]} system-ui, sans-serif; color: #17324d; }}
  @bottom-left {{ content: {_css_string(page_footer_text(safety))}; font: {scale["footer"]}/1.25 system-ui, sans-serif;
                  color: #1a1a1a; width: 82%; text-align: left; vertical-align: top; padding-top: 3mm; }}
  @bottom-right {{ content: {_page_numbers()}; font: {scale["footer"]} system-ui, sans-serif; color: #1a1a1a;
                   vertical-align: top; padding-top: 3mm; }}
}}
html, body {{ background: #fff !important; color: #111; }}
/* On paper a card names its next rungs with their doses; how to do them is in the lesson
   and in `exercises show`, so the sheet keeps its page budget. */
.exl-rung-how {{ display: none; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: {scale["body"]}; line-height: 1.4; }}
main {{ max-width: none; margin: 0; padding: 0; }}
h1 {{ font-size: {scale["h1"]}; color: #17324d; margin: 0 0 .2em; }}
h2 {{ font-size: {scale["h2"]}; color: #17324d; margin: .5em 0 .2em; }}
h3 {{ font-size: {scale["h3"]}; color: #17324d; margin: .4em 0 .15em; }}
h1, h2, h3, h4 {{ break-after: avoid; page-break-after: avoid; }}
p, li, tr, .exl-level, .exl-caution, .exl-feel, .exl-dose, .exl-warn-short,
.exl-point, .exl-print-checklist {{ break-inside: avoid; page-break-inside: avoid; }}
p, ul, ol {{ margin: .25em 0; }}
/* Links read as links without colour: underlined, and the address printed after them. */
a {{ color: #17324d; text-decoration: underline; }}
a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: .9em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #777; padding: 3px 6px; vertical-align: top; text-align: left; }}
.jp-Cell {{ padding: 0 !important; }}
/* JupyterLab keeps each output on one page; a long card or checklist must flow instead. */
.jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output {{
  break-inside: auto !important; page-break-inside: auto !important; }}
body.exl-handout .jp-RenderedHTMLCommon h1, body.exl-handout .jp-RenderedHTMLCommon h2,
body.exl-handout .jp-RenderedHTMLCommon h3 {{ color: #17324d; font-weight: 700; }}
body.exl-handout .jp-RenderedHTMLCommon h1 {{ font-size: {scale["h1"]}; }}
body.exl-handout .jp-RenderedHTMLCommon h2 {{ font-size: {scale["h2"]}; }}
body.exl-handout .jp-RenderedHTMLCommon h3 {{ font-size: {scale["h3"]}; }}
.jp-OutputArea-output {{ overflow: visible !important; }}
body.exl-handout .jp-RenderedHTMLCommon {{ padding-right: 0 !important; font-size: {scale["body"]}; }}
body.exl-handout .jp-OutputArea-output {{ font-size: {scale["body"]}; }}
/* JupyterLab sets tables in small UI type; on paper they read like the text around them. */
body.exl-handout .jp-RenderedHTMLCommon table {{ font-size: inherit; }}
.exl-page-break {{ break-before: page; }}
/* Cards on paper: the head (name, dose, pictures) stays together, the rest flows. */
body.exl-handout .exl-card {{ font-size: {scale["card"]}; line-height: {scale["leading"]}; padding: 6px 12px; margin: 8px 0;
  max-width: none; break-inside: auto; page-break-inside: auto; }}
body.exl-handout .exl-card h2 {{ font-size: {scale["h2"]}; margin: 0 0 .15em; }}
body.exl-handout .exl-card h3 {{ font-size: {scale["h3"]}; margin: .35em 0 .1em; }}
body.exl-handout .exl-card-head {{ break-inside: avoid; page-break-inside: avoid; }}
body.exl-handout .exl-card-body {{ columns: {scale["columns"]}; column-gap: 7mm; }}
body.exl-handout .exl-card-body .exl-cols {{ display: block; }}
body.exl-handout .exl-card p, body.exl-handout .exl-card li {{ margin: .1em 0; }}
body.exl-handout .exl-card ul, body.exl-handout .exl-card ol {{ margin: .1em 0 .25em; padding-left: 1.3em; }}
body.exl-handout .exl-dose, body.exl-handout .exl-caution, body.exl-handout .exl-feel {{ padding: 3px 8px; margin: 4px 0; }}
body.exl-handout .exl-card td, body.exl-handout .exl-card th {{ padding: 1px 6px 1px 0; border: 0; }}
/* The dose as short lines ("Hold: 4 seconds each time"), which wrap less than a table. */
body.exl-handout .exl-dose table, body.exl-handout .exl-dose tbody, body.exl-handout .exl-dose tr {{ display: block;
  text-align: left !important; }}
body.exl-handout .exl-dose th, body.exl-handout .exl-dose td {{ display: inline; padding: 0; }}
body.exl-handout .exl-dose th::after {{ content: ": "; }}
body.exl-handout .exl-top {{ display: flex; flex-wrap: {scale["top_wrap"]}; gap: 2mm 6mm; align-items: center; }}
body.exl-handout .exl-top .exl-dose {{ flex: 1 1 55mm; }}
body.exl-handout .exl-figure-row {{ flex: 0 0 {scale["figure"]}; margin: 0; }}
body.exl-handout .exl-figure-row svg {{ width: {scale["figure"]}; height: auto; max-width: none; max-height: none; }}
body.exl-handout .exl-role {{ min-width: 0; margin-right: .3em; }}
body.exl-handout .exl-source {{ font-size: {scale["small"]}; }}
{"body.exl-handout .exl-card + .exl-card { break-before: page; }" if large else ""}
/* One warning level under the other in large type: each may then start a page by itself,
   where the pair side by side would leave most of a page empty. */
{"body.exl-handout .exl-levels { display: block; }" if large else ""}
/* The safety boxes close at the foot of a page they run over, and open again on the
   next; a card stays open (its frame drawn again would cost Letter paper a page). The
   footer's own padding keeps every edge off its words. */
.exl-footer, .exl-safely {{ box-decoration-break: clone;
  -webkit-box-decoration-break: clone; }}
/* The safety box may run over a page break, so it never stands alone on the last page. */
body.exl-handout .exl-footer {{ font-size: {scale["safety"]}; max-width: none; break-inside: auto;
  page-break-inside: auto; }}
body.exl-handout .exl-print {{ break-inside: auto; page-break-inside: auto; }}
/* A quiz question never leaves its choices on the next page. */
.exl-quiz-question {{ break-inside: avoid; page-break-inside: avoid; }}
@media screen {{ main {{ max-width: 52em; margin: 0 auto; padding: 16px; }} }}
"""


# Sizes for normal and large print. Nothing falls under 8 pt; body text is 11 pt (14.5 pt).
_NORMAL = {
    "body": "11pt",
    "card": "10.5pt",
    "leading": "1.3",
    "h1": "20pt",
    "h2": "14.5pt",
    "h3": "12pt",
    "small": "9pt",
    "safety": "10.5pt",
    "running": "9pt",
    "footer": "8.5pt",
    "top": "14mm",
    "bottom": "23mm",
    "columns": "2",
    "figure": "104mm",
    "top_wrap": "nowrap",
}
_LARGE = {
    "body": "14.5pt",
    "card": "14.5pt",
    # a little tighter in large type, where a card's last line would otherwise turn a page
    "leading": "1.22",
    "h1": "26pt",
    "h2": "19pt",
    "h3": "16pt",
    "small": "12pt",
    "safety": "14pt",
    "running": "12pt",
    "footer": "12pt",
    "top": "16mm",
    "bottom": "30mm",
    "columns": "1",
    "figure": "130mm",
    "top_wrap": "wrap",
}


def page_margins_mm(large: bool = False) -> tuple[float, float]:
    """The top and bottom page margins in millimetres: the running header and footer sit in them."""
    scale = _LARGE if large else _NORMAL
    return float(scale["top"].removesuffix("mm")), float(scale["bottom"].removesuffix("mm"))


def safety_block(safety: SafetyRules, *, lists: bool = True) -> str:
    """The safety box of a sheet (``lists=False``: for a page that shows the warning signs
    and "ask first" in full itself). The running footer of every page carries the
    disclaimer and the credit, so the box gives the disclaimer's first sentence."""
    return safety_footer_html(safety, css=False, lists=lists, brief=True)


def sheet_head(
    safety: SafetyRules, title: str, paper: str, *, large: bool = False, css: str = ""
) -> str:
    """The <head> of a standalone sheet; ``css`` (a sheet's own styles) goes in it too, as
    HTML allows no <style> between </head> and <body>."""
    return (
        f'<!DOCTYPE html><html lang="{current_language()}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{CARD_CSS}"
        f"<style>{print_css(safety, title, paper, large=large)}{css}</style></head>"
    )


# The sheets' own styles: their boxes, write-in lines, tick lists and large print.
SHEET_CSS = """
.exl-sheet-intro{margin:.2em 0 .8em}
.exl-lines{border-bottom:1px solid #555;height:1.7em;margin:0}
.exl-fill{display:inline-block;border-bottom:1px solid #555;min-width:14em;height:1.2em}
.exl-sheet-block{border:2px solid #2d5f8a;border-radius:8px;padding:4px 12px;margin:0 0 8px;line-height:1.3}
.exl-sheet-block h2{margin:.1em 0 .1em;font-size:1.15em}
.exl-sheet-block p{margin:.15em 0}
.exl-sheet-block ul{margin:0 0 .1em 1.1em;padding:0}
.exl-verdict{font-weight:600;margin:.3em 0}
.exl-verdict span{margin-right:1.6em}
.exl-log th,.exl-log td{text-align:center;min-width:2.4em;height:1.25em;padding:1px 3px}
.exl-log td.exl-name,.exl-log th.exl-name{text-align:left;min-width:11em;width:42%}
.exl-log{width:100%;font-size:10.5pt}
.exl-box{font-size:1.2em;line-height:1}
.exl-version{font-size:.85em;color:#333}
.exl-patient-grid{display:grid;grid-template-columns:1fr 1fr;gap:0 6mm}
.exl-patient-grid p{margin:.3em 0}
.exl-patient-grid .exl-wide{grid-column:1/-1}
.exl-review-row{display:flex;gap:6mm;align-items:flex-start}
.exl-review-row>div{flex:1 1 auto}
.exl-dose-change{flex:0 0 auto}
.exl-dose-change th,.exl-dose-change td{padding:1px 6px;white-space:nowrap}
.exl-dose-change td:last-child{min-width:7em}
.exl-review-row ul{margin:0;padding-left:1.2em}
.exl-review-row p{margin:0}
.exl-keep,.exl-sheet-block{break-inside:avoid;page-break-inside:avoid}
.exl-sheet-block.exl-plan-rules{break-inside:auto;page-break-inside:auto}
.exl-plan-rules li{break-inside:avoid;page-break-inside:avoid}
.exl-safety-compact .exl-footer{font-size:9pt;line-height:1.2;padding:3px 10px;margin:4px 0 8px;
 columns:2;column-gap:1.5em}
.exl-safety-compact .exl-footer p{margin:.1em 0}
.exl-safety-first .exl-footer{margin:4px 0 10px}
body.exl-large small,body.exl-large .exl-log td.exl-yn,body.exl-large .exl-version{font-size:1em}
.exl-signature{border:2px solid #17324d;border-radius:8px;padding:4px 12px;margin-top:6px}
.exl-log td.exl-notes{height:2.2em}
.exl-log td.exl-yn{color:#333}
.exl-tick-list{list-style:none;margin:.2em 0;padding:0}
.exl-tick-list li{margin:0;padding-left:1.6em;text-indent:-1.6em;line-height:1.3;break-inside:avoid}
.exl-safety-compact .exl-footer-warnings{font-size:10pt}
.exl-safety-compact .exl-footer-warnings,.exl-safety-compact .exl-warn-short{break-inside:auto;page-break-inside:auto}
.exl-glance th,.exl-glance td{padding:1px 6px;line-height:1.25}
.exl-glance{width:100%}.exl-glance th:first-child{width:26%}
.exl-safely{border:2px solid #2d5f8a;border-radius:8px;padding:3px 10px;margin:8px 0;line-height:1.2;font-size:10pt}
body.exl-large .exl-safely{font-size:1em}
.exl-safely h2{margin:.1em 0;font-size:1.15em;break-after:avoid}
.exl-safely p{margin:.15em 0}
.exl-safely-cols{columns:2;column-gap:1.5em}
.exl-safely-cols p{break-inside:avoid}
body.exl-large .exl-safely-cols{columns:1}
/* Large print: each exercise starts a page, and so does the how-to block before them,
   so no page holds only the tail of a block. The doctor's columns stack, to stay wide. */
body.exl-large article.exl-card{break-before:page}
/* Large type still fits the short warning signs two to a line: the box then leaves room
   on its first page for what follows it. */
body.exl-large .exl-warn-short ul{columns:2 11em}
/* A long paragraph of the box may go on over the page (two lines at least on each side),
   where moving it whole would leave a gap at the foot of the first page. */
body.exl-large .exl-footer>p{break-inside:auto;page-break-inside:auto;orphans:2;widows:2}
body.exl-large .exl-footer{line-height:1.3}
body.exl-large .exl-review-row{display:block}
body.exl-large .exl-dose-change{margin:.2em 0}
"""
