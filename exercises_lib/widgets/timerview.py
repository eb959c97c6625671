"""What a timer shows and how it answers the keyboard, drawn in the browser.

``PhaseDisplay`` builds its elements once and then changes only their text, so its
live region lives as long as the widget: a screen reader hears each change of phase and
the last seconds of a hold, never a flood of numbers. ``TimerKeys`` keeps keyboard focus
on the controls (Start hands it to Pause, Reset back to Start), gives the timer its
pause shortcut, and stills the figure's glides for people who asked for less motion.
"""

from __future__ import annotations

from html import escape

import anywidget
import ipywidgets as widgets
import traitlets

from ..i18n import _, ngettext
from ..runner import Snapshot
from ..timing import phase_word

__all__ = ["PAUSE_KEY", "PhaseDisplay", "TimerKeys"]

# One letter, free in JupyterLab's notebook shortcuts, in every language the same key.
PAUSE_KEY = "P"

_DISPLAY_ESM = """
function render({ model, el }) {
  const part = (tag, css) => {
    const node = document.createElement(tag);
    node.className = css;
    return node;
  };
  const box = part("div", "exl-phase-box");
  const word = part("div", "exl-phase-word");
  const count = part("div", "exl-count");
  count.setAttribute("role", "timer");
  const what = part("div", "exl-what");
  const next = part("div", "exl-next");
  const where = part("div", "exl-where");
  box.append(word, count, what, next, where);
  // Polite and whole: only what Python chose to announce, once each time.
  const live = part("p", "exl-announce");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  el.append(box, live);

  const show = () => {
    const kind = model.get("kind");
    box.className = `exl-phase-box exl-phase-${kind}`;
    box.dataset.phase = kind;
    box.dataset.seconds = model.get("count");
    word.textContent = model.get("word");
    count.textContent = model.get("count") || "\\u00a0";
    const label = model.get("count_label");
    if (label) {
      count.setAttribute("aria-label", label);
      count.removeAttribute("aria-hidden");
    } else {
      count.removeAttribute("aria-label");
      count.setAttribute("aria-hidden", "true");
    }
    what.innerHTML = model.get("what");
    next.textContent = model.get("next_up");
    where.textContent = model.get("where");
  };
  const announce = () => {
    // Emptied first, so the same words twice ("3" after a skip back) are said twice.
    live.textContent = "";
    setTimeout(() => { live.textContent = model.get("announcement"); }, 30);
  };
  model.on("change", show);
  model.on("change:announced", announce);
  show();
}
export default { render };
"""

_DISPLAY_CSS = """
.exl-announce { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
"""


class PhaseDisplay(anywidget.AnyWidget):
    """The big display: phase in words and colour, seconds left, what and what next."""

    _esm = _DISPLAY_ESM
    _css = _DISPLAY_CSS
    kind = traitlets.Unicode("idle", help="The phase kind, or idle or paused").tag(sync=True)
    word = traitlets.Unicode("", help="The phase in words").tag(sync=True)
    count = traitlets.Unicode("", help="Seconds left, as shown").tag(sync=True)
    count_label = traitlets.Unicode("", help="The count as a screen reader says it").tag(sync=True)
    what = traitlets.Unicode("", help="What to do now (escaped HTML)").tag(sync=True)
    next_up = traitlets.Unicode("", help="What comes next").tag(sync=True)
    where = traitlets.Unicode("", help="Where in the plan (set, round, station)").tag(sync=True)
    announcement = traitlets.Unicode("", help="The last words given to screen readers").tag(
        sync=True
    )
    announced = traitlets.Int(0, help="Goes up by one with each announcement").tag(sync=True)

    def __init__(self) -> None:
        super().__init__()
        self.add_class("exl-display")
        self.layout = widgets.Layout(flex="1 1 60%", min_width="18em")

    def show(self, snap: Snapshot, title: str = "", where: str = "") -> None:
        """Show where the plan is; only the words that changed reach the page."""
        phase = snap.phase
        kind = (
            "paused" if snap.state == "paused" else ("idle" if snap.state == "idle" else phase.kind)
        )
        if kind == "paused":
            word = _("Paused")
        elif kind == "idle":
            word = _("Ready")
        else:
            word = phase_word(phase.kind)
        count = "" if phase.kind == "done" or snap.state == "idle" else str(snap.seconds_shown)
        if snap.state == "idle":
            what = escape(title or _("Press Start when you are in position"))
        elif phase.kind == "done" and not any(snap.completed.values()):
            what = escape(_("Finished. Nothing was done this time."))
        elif phase.kind == "done":
            what = escape(_("Well done. Notice how your back feels."))
        else:
            # Spans let a projector put the detail on a line of its own, in smaller type.
            parts = [
                f'<span class="exl-{css}">{escape(text)}</span>'
                for css, text in (("name", phase.exercise_name), ("detail", phase.detail))
                if text
            ]
            what = '<span class="exl-dash"> – </span>'.join(parts)
        seconds = snap.seconds_shown
        label = (
            ngettext("{seconds} second left", "{seconds} seconds left", seconds).format(
                seconds=seconds
            )
            if count
            else ""
        )
        with self.hold_sync():
            self.kind, self.word, self.count, self.count_label = kind, word, count, label
            self.what, self.where = what, where
            self.next_up = _("Next up: {what}").format(what=phase.next_up) if phase.next_up else ""

    def announce(self, words: str) -> None:
        """Give ``words`` to screen readers (the live region), even the same words again."""
        with self.hold_sync():
            self.announcement = words
            self.announced += 1

    @property
    def value(self) -> str:
        """The display as static HTML: what a page without the widget's script shows."""
        label = f' aria-label="{escape(self.count_label)}"' if self.count_label else ""
        return (
            f'<div class="exl-phase-box exl-phase-{escape(self.kind)}"'
            f' data-phase="{escape(self.kind)}" data-seconds="{escape(self.count)}">'
            f'<div class="exl-phase-word">{escape(self.word)}</div>'
            f'<div class="exl-count" role="timer"{label}>{escape(self.count) or "&nbsp;"}</div>'
            f'<div class="exl-what">{self.what}</div>'
            f'<div class="exl-next">{escape(self.next_up)}</div>'
            f'<div class="exl-where">{escape(self.where)}</div>'
            "</div>"
        )


_KEYS_ESM = """
// The timer a pause key acts on: the last one started or touched.
let current = null;

function editable(node) {
  return !!(node && node.closest &&
    node.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .cm-editor"));
}

// Enter on a course button presses it, whatever page holds the widget. A JupyterLab
// console (the static site's circuit page) takes Enter first, to focus its prompt; stopped
// at the window, before any page sees it, the button's own press still happens.
function pressOnEnter(event) {
  const target = event.target;
  if (event.key === "Enter" && target.closest && target.closest(".exl-widget button")) {
    event.stopPropagation();
  }
}

function render({ model, el }) {
  window.addEventListener("keydown", pressOnEnter, true);  // the same listener is kept once
  el.classList.add("exl-keys");
  const hint = document.createElement("p");
  hint.className = "exl-keys-hint";
  hint.textContent = model.get("hint");
  el.append(hint);
  let root = null;
  let wanted = null;  // the control that should have focus once it can take it

  const button = (css) => root && root.querySelector(`button.${css}`);
  const settle = () => {
    const start = button("exl-start");
    if (start) {
      const gated = start.classList.contains("exl-gated");
      start.setAttribute("aria-disabled", gated ? "true" : "false");
    }
    const pause = button("exl-pause");
    if (pause) pause.setAttribute("aria-keyshortcuts", model.get("key"));
    if (wanted) {
      const target = button(wanted);
      if (target && !target.disabled) {
        target.focus();
        wanted = null;
      }
    }
  };
  const still = () => {
    if (!window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    for (const svg of root.querySelectorAll(".exl-figure-view svg")) {
      if (svg.dataset.exlStill) continue;
      svg.dataset.exlStill = "1";
      // The figure shows where each move ends, without gliding there.
      svg.pauseAnimations();
      svg.setCurrentTime(600);
    }
  };
  const attach = () => {
    root = el.closest(".exl-practice");
    if (!root) return false;
    root.addEventListener("click", (event) => {
      const pressed = event.target.closest && event.target.closest("button");
      if (!pressed) return;
      current = root;
      // Even a Start still marked not ready: the kernel may have opened it already, and
      // Pause takes the focus only once it is really enabled.
      if (pressed.classList.contains("exl-start")) {
        wanted = "exl-pause";
      } else if (pressed.classList.contains("exl-reset")) {
        wanted = "exl-start";
      }
    }, true);
    root.addEventListener("focusin", () => { current = root; });
    new MutationObserver(() => { settle(); still(); }).observe(root, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["disabled", "class"],
    });
    document.addEventListener("keydown", (event) => {
      if (current !== root || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.toUpperCase() !== model.get("key") || editable(event.target)) return;
      const pause = button("exl-pause");
      if (!pause || pause.disabled) return;
      event.preventDefault();
      event.stopPropagation();
      pause.click();
    });
    settle();
    still();
    return true;
  };
  // The view is put in the page after it is drawn: look for the timer once it is there.
  const look = (tries) => { if (!attach() && tries > 0) setTimeout(() => look(tries - 1), 100); };
  look(100);
}
export default { render };
"""

_KEYS_CSS = """
.exl-keys-hint { margin: .2em 0 0; font-size: .95em; color: #333; }
"""


class TimerKeys(anywidget.AnyWidget):
    """Keyboard help for a timer: focus that follows Start and Reset, and a pause key."""

    _esm = _KEYS_ESM
    _css = _KEYS_CSS
    key = traitlets.Unicode(PAUSE_KEY, help="The key that pauses and resumes").tag(sync=True)
    hint = traitlets.Unicode(help="The shortcut, told in words under the controls").tag(sync=True)

    @traitlets.default("hint")
    def _hint_default(self) -> str:
        return _("Keyboard: press {key} to pause or resume the timer.").format(key=PAUSE_KEY)
