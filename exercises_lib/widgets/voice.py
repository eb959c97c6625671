"""The voice coach: the timer's cues spoken aloud, so a learner on the mat can keep their
eyes on the floor.

The browser speaks (the Web Speech API, ``speechSynthesis``) in the learner's language,
with a voice for that language when it has one; where it cannot (no speech, no voices,
an error, or speech that never starts), a soft tone plays instead. A caption line shows
every cue, spoken or not. The widget shows an on/off switch and a volume slider.
Browsers only make sound after a click on the page, and Start is that click.
"""

from __future__ import annotations

import anywidget
import traitlets

from ..i18n import _, current_language

__all__ = ["VoiceCoach"]

_ESM = """
function tone(volume) {
  const Audio = window.AudioContext || window.webkitAudioContext;
  if (!Audio) return;
  const context = new Audio();
  const sound = context.createOscillator();
  const gain = context.createGain();
  sound.frequency.value = 660;
  gain.gain.setValueAtTime(0.3 * volume, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.3);
  sound.connect(gain).connect(context.destination);
  sound.start();
  sound.stop(context.currentTime + 0.3);
}

function render({ model, el }) {
  el.classList.add("exl-voice");
  const toggle = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  const labels = model.get("labels");
  toggle.append(box, " " + labels.voice);
  const level = document.createElement("label");
  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = "1";
  slider.step = "0.1";
  slider.setAttribute("aria-label", labels.volume_name);
  level.append(labels.volume + " ", slider);
  // What the coach says, on screen as well, so a learner who cannot hear it gets every cue.
  const caption = document.createElement("p");
  caption.className = "exl-caption";
  const said = document.createElement("span");
  const who = document.createElement("strong");
  who.textContent = labels.caption + " ";
  caption.append(who, said);
  caption.hidden = true;
  el.append(toggle, level, caption);

  const show = () => {
    box.checked = model.get("enabled");
    slider.value = String(model.get("volume"));
    slider.disabled = !box.checked;
  };
  box.addEventListener("change", () => {
    model.set("enabled", box.checked);
    model.save_changes();
  });
  slider.addEventListener("input", () => {
    model.set("volume", Number(slider.value));
    model.save_changes();
  });
  model.on("change:enabled", show);
  model.on("change:volume", show);
  show();

  model.on("change:count", () => {
    const words = model.get("phrase");
    said.textContent = words;
    caption.hidden = !words;
    if (!model.get("enabled")) return;
    const volume = model.get("volume");
    const speech = window.speechSynthesis;
    if (!speech || typeof SpeechSynthesisUtterance === "undefined") return tone(volume);
    // Speech with no voice to speak it, or a voice that fails, gives the tone instead.
    const lang = model.get("lang");
    const voices = speech.getVoices();
    if (!voices.length) return tone(volume);
    // A new cue replaces one still being said, so the voice never lags the timer.
    speech.cancel();
    const utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = lang;
    const voice = voices.find((v) => v.lang.toLowerCase().startsWith(lang.toLowerCase()));
    if (typeof SpeechSynthesisVoice !== "undefined" && voice instanceof SpeechSynthesisVoice) {
      utterance.voice = voice;
    }
    utterance.volume = volume;
    utterance.rate = 1.0;
    // A voice that fails, or never starts (a muted page, a blocked speech engine), gives the tone.
    let started = false;
    utterance.onstart = () => { started = true; };
    utterance.onerror = (event) => {
      started = true;
      // A cue cut short by the next one is no failure: the next one is said instead.
      if (event.error !== "interrupted" && event.error !== "canceled") tone(volume);
    };
    speech.speak(utterance);
    setTimeout(() => { if (!started) tone(volume); }, 1500);
  });
}
export default { render };
"""

_CSS = """
.exl-voice { display: flex; gap: 1em; align-items: center; font-size: 1em; }
.exl-voice label { display: inline-flex; gap: .35em; align-items: center; cursor: pointer; }
.exl-voice input[type="range"] { width: 7em; }
.exl-voice { flex-wrap: wrap; }
.exl-caption { flex-basis: 100%; margin: .2em 0 0; font-size: 1.15em; }
"""


class VoiceCoach(anywidget.AnyWidget):
    """Says each cue aloud in the browser; a tone where speech is not available."""

    _esm = _ESM
    _css = _CSS
    enabled = traitlets.Bool(True, help="Speak the cues").tag(sync=True)
    volume = traitlets.Float(1.0, min=0.0, max=1.0, help="From 0 (silent) to 1").tag(sync=True)
    phrase = traitlets.Unicode("", help="The last words said").tag(sync=True)
    count = traitlets.Int(0, help="Goes up by one with each cue, so a repeat is said again").tag(
        sync=True
    )
    lang = traitlets.Unicode(help="The language the cues are said in, e.g. 'es'").tag(sync=True)
    labels = traitlets.Dict(help="The widget's own words, in the learner's language").tag(sync=True)

    @traitlets.default("lang")
    def _lang_default(self) -> str:
        return current_language()

    @traitlets.default("labels")
    def _labels_default(self) -> dict[str, str]:
        return {
            "voice": _("Voice"),
            "volume": _("Volume"),
            "volume_name": _("Voice volume"),
            "caption": _("Coach:"),
        }

    def say(self, words: str) -> None:
        """Caption ``words``, and say them if the voice is on; the same words twice are
        said twice. The page decides to speak, so switching the voice on works at once."""
        if not words:
            return
        with self.hold_sync():
            self.phrase = words
            self.count += 1
