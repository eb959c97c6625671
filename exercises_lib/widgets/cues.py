"""Soft tones for phase changes, made in Python; played only once the user asks for sound."""

from __future__ import annotations

import io
import math
import struct
import wave
from functools import cache

import ipywidgets as widgets

__all__ = ["SoundCue", "tone_wav"]

_RATE = 22_050


@cache
def tone_wav(frequency: float = 660.0, seconds: float = 0.25, volume: float = 0.3) -> bytes:
    """A short sine tone with soft edges, as WAV bytes."""
    count = int(_RATE * seconds)
    fade = max(1, int(_RATE * 0.03))
    frames = bytearray()
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        sample = volume * envelope * math.sin(2 * math.pi * frequency * i / _RATE)
        frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


class SoundCue(widgets.VBox):
    """A sound on/off switch and a hidden player for phase-change tones.

    Off by default. Browsers only play sound after a click on the page, and the
    player starts only once the learner ticks the box, so that click comes first.
    """

    def __init__(self, enabled: bool = False):
        self.switch = widgets.Checkbox(
            value=enabled, description="Sound cues", indent=False, tooltip="Play a soft tone"
        )
        self.player = widgets.Audio(
            value=b"",
            format="wav",
            autoplay=False,
            loop=False,
            controls=False,
            layout=widgets.Layout(display="none"),
        )
        self.played = 0
        super().__init__([self.switch, self.player])

    @property
    def enabled(self) -> bool:
        return bool(self.switch.value)

    def play(self, frequency: float = 660.0) -> None:
        """Play a tone if sound is on; alternate the bytes so the same tone replays."""
        if not self.enabled:
            return
        self.played += 1
        wav = tone_wav(frequency)
        # Appending a silent sample makes the value differ from last time, which
        # makes the front end load (and autoplay) it again.
        self.player.autoplay = True
        self.player.value = wav + (b"\x00\x00" if self.played % 2 else b"")
