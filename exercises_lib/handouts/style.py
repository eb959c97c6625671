"""Print styling shared by lesson handouts and data sheets: paper, running header, footer."""

from __future__ import annotations

from html import escape

from ..models import SafetyRules
from ..rendering import CARD_CSS, safety_footer_html

__all__ = ["COURSE_TITLE", "PAPERS", "page_footer_text", "print_css", "safety_block"]

COURSE_TITLE = "A stronger lower back"
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
    return f"{safety.short_disclaimer} Stop rule: {safety.stop_rule} Based on {safety.credit.citation}."


def print_css(safety: SafetyRules, title: str, paper: str = "a4") -> str:
    """@page rules (size, running header, numbered footer) and print-friendly type."""
    size = PAPERS[paper]
    return f"""
@page {{
  size: {size};
  margin: 18mm 14mm 24mm 14mm;
  @top-left {{ content: {_css_string(COURSE_TITLE)}; font: 600 9pt system-ui, sans-serif; color: #17324d; }}
  @top-right {{ content: {_css_string(title)}; font: 9pt system-ui, sans-serif; color: #17324d; }}
  @bottom-left {{ content: {_css_string(page_footer_text(safety))}; font: 7pt system-ui, sans-serif;
                  color: #222; width: 80%; text-align: left; vertical-align: top; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #222; }}
}}
html, body {{ background: #fff !important; color: #111; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 11.5pt; line-height: 1.45; }}
main {{ max-width: 48em; margin: 0 auto; padding: 0 4mm; }}
h1 {{ font-size: 22pt; color: #17324d; margin: 0 0 .2em; }}
h2 {{ font-size: 15pt; color: #17324d; break-after: avoid; }}
h3 {{ break-after: avoid; }}
a {{ color: #17324d; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }}
.exl-card, .exl-footer, .exl-print, .exl-sheet-block {{ break-inside: avoid; page-break-inside: avoid; }}
.exl-card + .exl-card {{ break-before: page; }}
.jp-Cell {{ padding: 0 !important; }}
.jp-OutputArea-output {{ overflow: visible !important; }}
.jp-RenderedHTMLCommon {{ padding-right: 0 !important; }}
.exl-page-break, .exl-answer-key-page {{ break-before: page; }}
/* Compact cards on paper, so one card fits one page (beats the card's own screen CSS). */
body.exl-handout .exl-card {{ font-size: 9.5pt; line-height: 1.28; padding: 6px 14px; max-width: none; }}
body.exl-handout .exl-card h2 {{ font-size: 14pt; }}
body.exl-handout .exl-card h3 {{ font-size: 10.5pt; margin: .3em 0 .1em; }}
body.exl-handout .exl-card p, body.exl-handout .exl-card li {{ margin: .03em 0; }}
body.exl-handout .exl-card ul, body.exl-handout .exl-card ol {{ margin: .05em 0 .15em; }}
body.exl-handout .exl-dose, body.exl-handout .exl-caution {{ padding: 3px 10px; margin: 3px 0; }}
body.exl-handout .exl-card td, body.exl-handout .exl-card th {{ padding: 1px 6px; border: 0; }}
body.exl-handout .exl-top {{ flex-wrap: nowrap; }}
body.exl-handout .exl-top .exl-dose {{ flex: 0 0 auto; }}
body.exl-handout .exl-dose td {{ white-space: nowrap; }}
body.exl-handout .exl-figure-row {{ flex: 0 1 auto; min-width: 0; }}
body.exl-handout .exl-figure-row svg {{ height: 28mm; width: auto; max-width: 100%; }}
@media screen {{ main {{ padding: 16px; }} }}
"""


def safety_block(safety: SafetyRules) -> str:
    """The full safety box for the end of a sheet (also on every page's footer)."""
    return safety_footer_html(safety, css=False)


def sheet_head(safety: SafetyRules, title: str, paper: str) -> str:
    """The <head> of a standalone sheet."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{CARD_CSS}"
        f"<style>{print_css(safety, title, paper)}</style></head>"
    )
