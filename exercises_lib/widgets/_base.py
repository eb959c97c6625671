"""What every course widget shares: one stylesheet, a line for problems, and a static view for print."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

# Phase colours pair with the phase word shown in large type; colour is never the
# only signal. Contrast of text on each background is above 7:1.
WIDGET_CSS = """
<style>
.exl-widget{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:52em}
.exl-phase-box{border-radius:12px;padding:12px 20px;text-align:center;border:3px solid #1a1a1a;
 color:#111;background:#f2f2f2}
.exl-phase-word{font-size:2.2em;font-weight:800;letter-spacing:.04em;text-transform:uppercase}
.exl-count{font-size:7em;font-weight:800;line-height:1.05;font-variant-numeric:tabular-nums}
.exl-what{font-size:1.35em;font-weight:600;text-wrap:balance}
/* The exercise on one line, where in it on the next: "left side, rep 1 of 10" never breaks. */
.exl-what .exl-dash{display:none}
.exl-what .exl-name,.exl-what .exl-detail{display:block}
.exl-what .exl-detail{font-weight:500}
.exl-what .exl-detail::first-letter{text-transform:uppercase}
.exl-next{font-size:1.1em;margin-top:.3em}
/* The session summary's table: each column keeps its own room, in every language. */
.exl-summary table{border-collapse:collapse}
.exl-summary th,.exl-summary td{padding:2px 16px 2px 0;text-align:left;vertical-align:top}
.exl-where{font-size:1em;color:#333}
/* The buttons under the box stay put from phase to phase (m10): each line of the box keeps
   room for its longest words ("GET INTO POSITION" on two lines, a two-line hint). */
.exl-practice .exl-phase-word{min-height:2.1em;line-height:1.05;display:flex;
 align-items:center;justify-content:center}
.exl-practice .exl-what{min-height:3.6em;line-height:1.2}
.exl-practice .exl-next{min-height:1.3em}
.exl-practice .exl-where{min-height:1.3em}
/* The circuit on a projector: read from the back of the room. */
.exl-widget.exl-circuit,.exl-circuit .exl-widget{max-width:none}
.exl-circuit .exl-phase-box{padding:1vh 2vw}
.exl-circuit .exl-phase-word{font-size:min(9vh,6vw);line-height:1.05}
.exl-circuit .exl-count{font-size:min(34vh,24vw);line-height:1}
.exl-circuit .exl-what{font-size:min(6vh,4vw);line-height:1.2}
.exl-circuit .exl-next,.exl-circuit .exl-where{font-size:min(4.5vh,3vw)}
.exl-circuit .exl-figure-view svg{width:100%;height:auto;max-height:60vh}
.exl-circuit .exl-detail{font-size:.72em}
/* On the wall the display is sized to the screen instead (see the projector rules). */
.exl-circuit .exl-phase-word,.exl-circuit .exl-what,.exl-circuit .exl-next,
.exl-circuit .exl-where{min-height:0}

/* `exercises present`: the circuit covers the screen, so nothing ever needs scrolling. */
.exl-widget.exl-projector{position:fixed;inset:0;z-index:100;background:#fff;margin:0;
 padding:1.5vh 2vw;box-sizing:border-box;overflow:hidden;flex-wrap:nowrap}
.exl-projector>.exl-circuit-settings{flex:0 0 auto;max-height:75vh;overflow:auto}
.exl-projector>.exl-circuit-summary{flex:0 0 auto;margin:0}
.exl-projector>.exl-circuit-main{flex:1 1 auto;min-height:0;overflow:hidden}
.exl-projector .exl-phase-word{font-size:min(9vh,6vw)}
.exl-projector .exl-count{font-size:min(32vh,22vw)}
.exl-projector .exl-what{font-size:min(6vh,4vw)}
.exl-projector .exl-next,.exl-projector .exl-where{font-size:min(4vh,2.8vw)}
.exl-projector .exl-figure-view svg{max-height:45vh}
/* A pixel of figure past the row's edge would make it a scroll box no key can reach. */
.exl-projector .exl-display-row{overflow:hidden}
/* On the wall the big display says it all; the key hint and the caption line would only
   squeeze it (the trainer's README has the key). */
.exl-projector .exl-keys-hint,.exl-projector .exl-caption{display:none}
.exl-station-easier p{margin:.3em 0 0;font-size:1.15em}
.exl-projector .exl-station-easier p{font-size:min(3.6vh,2.4vw);line-height:1.25}
.exl-aside .exl-station-easier{padding:0 .5em}
/* the figure settles onto the mat from above: a box that clipped it would cut its head */
.exl-aside{overflow:visible}
.exl-stop-strip{flex:0 0 auto;background:#fdecea;border:2px solid #a4161a;border-radius:8px;
 padding:.2em .8em;color:#3d0a08;font-size:min(2.8vh,1.9vw)}
.exl-stop-strip p{margin:0}
.exl-stop-strip strong{color:#7a1712}
.exl-phase-prepare{background:#fff4c2}
.exl-phase-hold,.exl-phase-work,.exl-phase-move{background:#c8ecc8}
.exl-phase-recover{background:#dbe9f7}
.exl-phase-switch{background:#ffe0b8}
.exl-phase-rest{background:#dbe9f7}
.exl-phase-done{background:#e6e0f5}
.exl-phase-idle{background:#f2f2f2}
.exl-phase-paused{background:#eeeeee;border-style:dashed}
/* A change of phase pulses the box itself (no shadow, so nothing shows beside it). */
.exl-flash .exl-phase-box{animation:exl-flash .7s ease-out}
@keyframes exl-flash{0%{filter:brightness(.8)}100%{filter:none}}
/* Getting into position: the figure lowers itself onto the mat. */
.exl-settle svg{animation:exl-settle 2s ease-out}
@keyframes exl-settle{0%{opacity:.3;transform:translateY(-14%)}100%{opacity:1;transform:none}}
.exl-sides{font-size:1.25em;font-weight:600;margin:.3em 0}
.exl-ticks{letter-spacing:.1em;font-size:1.1em}
.exl-side-name{display:inline-block;width:3.6em;letter-spacing:0}
.exl-reps{font-size:1.25em;font-weight:600}
.exl-gate-note{color:#7a1712;font-weight:600}
.exl-problem{background:#fdecea;border-left:6px solid #a4161a;padding:8px 12px;margin:8px 0}
.exl-stop{background:#fdecea;border:3px solid #a4161a;border-radius:10px;padding:10px 16px;
 color:#3d0a08;font-size:1.15em}
.exl-stop strong{color:#7a1712}
.exl-feedback-right{color:#124d12;font-weight:600}
.exl-feedback-wrong{color:#7a1712;font-weight:600}
.exl-print{font-family:system-ui,sans-serif;border:1px solid #555;border-radius:8px;
 padding:8px 14px;margin:6px 0;break-inside:avoid}
.exl-print .box{font-size:1.2em;letter-spacing:.08em}
.widget-button.exl-big,.jupyter-button.exl-big{font-size:1.1em;height:2.4em;min-width:6em;width:auto}
/* Start before the safety boxes are ticked: reachable by Tab, plainly not ready. */
.jupyter-button.exl-gated{opacity:.55;cursor:not-allowed}
/* A focus ring a keyboard user sees from the mat: navy on white is above 3:1. */
.exl-widget button:focus-visible,.exl-widget input:focus-visible,.exl-widget select:focus-visible,
.exl-widget .jupyter-button:focus-visible{outline:3px solid #1a4f8a !important;outline-offset:2px}
@media (prefers-reduced-motion:reduce){
 .exl-flash .exl-phase-box,.exl-settle svg{animation:none}
}
/* Windows high contrast: phase, count and buttons keep their borders and system colours. */
@media (forced-colors:active){
 .exl-phase-box,.exl-stop,.exl-stop-strip{border:3px solid CanvasText}
 .exl-phase-paused{border-style:dashed}
 .exl-widget .jupyter-button{border:2px solid ButtonText}
 .jupyter-button.exl-gated{border-style:dashed}
}
</style>
""".strip()


# Only with the projector circuit on the page (a ``:has`` rule in every lesson would be
# checked at each change to the page). In a console (the static site's circuit page) the
# panels holding it are CSS-contained and stacked, which would trap the circuit inside one
# (Lumino sets both inline, hence !important): it comes out over them all. The prompt
# goes, so Tab never lands in it.
PROJECTOR_CSS = """
<style>
.lm-Widget:has(.exl-projector){contain:none!important;z-index:auto!important}
body:has(.exl-projector) .jp-CodeConsole-input{display:none}
</style>
"""


def style_widget() -> widgets.HTML:
    """An invisible widget that carries the stylesheet into the page."""
    return widgets.HTML(WIDGET_CSS, layout=widgets.Layout(height="0px", margin="0"))


def projector_style_widget() -> widgets.HTML:
    """An invisible widget that carries the projector's own rules into the page."""
    return widgets.HTML(PROJECTOR_CSS, layout=widgets.Layout(height="0px", margin="0"))


def said_html(headline: str, detail: str, role: str) -> str:
    """What a save did, in one line: ``role`` "status" when it worked, "alert" when not."""
    return f'<p role="{role}"><strong>{escape(headline)}</strong> {escape(detail)}</p>'


def ticks(done: int, total: int) -> str:
    """Tick boxes as text: ☑ for each done, ☐ for each to go."""
    done = max(0, min(done, total))
    return "☑" * done + "☐" * (total - done)


class ShowsProblems:
    """Mixin: ``show_problem`` puts one line on what went wrong (a save that failed) in
    the widget's ``problem`` area, as an alert a screen reader reads out at once."""

    problem: widgets.HTML

    def show_problem(self, text: str) -> None:
        self.problem.value = f'<div class="exl-problem" role="alert">{escape(text)}</div>'


class PrintFallback:
    """Mixin: widgets also offer static HTML, so a handout shows something useful."""

    def print_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is None:
            return None
        bundle["text/html"] = self.print_html()
        return bundle
