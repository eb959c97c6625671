"""Exercise figures drawn from pose data: a side-view body as SVG, start and end.

The poses and their placing live in ``poses``; this module only draws. Output is
deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from .i18n import pgettext
from .poses import (
    BODY,
    HEAD_RADIUS,
    JOINT_OF,
    JOINT_RADIUS,
    SEGMENTS,
    Figure,
    Placed,
    Pose,
    anatomy_problems,
    place,
)

__all__ = [
    "BODY",
    "Figure",
    "Placed",
    "Pose",
    "anatomy_problems",
    "figure_motion_svg",
    "figure_pair_svg",
    "figure_path_svg",
    "figure_svg",
    "place",
]


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


_INK = {"near": "#23364a", "far": "#93a3b3", "trunk": "#2d4a66", "work": "#c0392b"}


@dataclass(frozen=True)
class _Stroke:
    """One drawn limb or head, in page coordinates; the same list order for every pose."""

    css: str
    x1: float
    y1: float
    x2: float
    y2: float
    ink: str
    width: float


def _strokes(placed: Placed, pose: Pose, *, dx: float, flip) -> list[_Stroke]:
    """The body, far side first so the near side is drawn over it; the head comes last."""
    p = {n: (x + dx, flip(y)) for n, (x, y) in placed.joints.items()}
    order = [n for n in SEGMENTS if n.startswith("far_")]
    order += ["lower_torso", "upper_torso", "neck"] + [n for n in SEGMENTS if n.startswith("near_")]
    out = []
    for name in order:
        segment = SEGMENTS[name]
        (x1, y1), (x2, y2) = p[JOINT_OF.get(segment.start, segment.start)], p[segment.end]
        side = name.split("_", 1)[0]
        ink = _INK["work"] if name in pose.highlight else _INK.get(side, _INK["trunk"])
        width = 4.5 if name == "neck" else segment.radius * 2 * BODY
        out.append(_Stroke(f"seg seg-{name.replace('_', '-')}", x1, y1, x2, y2, ink, width))
    hx, hy = p["head"]
    out.append(_Stroke("head", hx, hy, hx, hy, _INK["trunk"], HEAD_RADIUS * 2 * BODY))
    return out


def _stroke_svg(stroke: _Stroke, moves: Sequence[tuple[_Stroke, float, float]] = ()) -> str:
    """A stroke as a round-capped line; each move glides it on to another stroke.

    ``moves`` holds (stroke to reach, seconds from the start, seconds the glide takes);
    each glide starts where the one before it ended, and the last one stays.
    """
    animation = ""
    here = stroke
    for to, begin, seconds in moves:
        animation += "".join(
            f'<animate attributeName="{attr}" from="{_num(getattr(here, attr))}" to="{_num(getattr(to, attr))}" '
            f'begin="{begin:g}s" dur="{seconds:g}s" fill="freeze"/>'
            for attr in ("x1", "y1", "x2", "y2")
            if _num(getattr(here, attr)) != _num(getattr(to, attr))
        )
        here = to
    last = moves[-1][0] if moves else stroke
    drawn = stroke if animation else last
    return (
        f'<line class="{drawn.css}" x1="{_num(drawn.x1)}" y1="{_num(drawn.y1)}" x2="{_num(drawn.x2)}" '
        f'y2="{_num(drawn.y2)}" stroke="{last.ink}" stroke-width="{_num(drawn.width)}" stroke-linecap="round">'
        f"{animation}</line>"
    )


def _bounds(placed: Iterable[Placed]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for one in placed:
        for name, (x, y) in one.joints.items():
            r = JOINT_RADIUS[name]
            xs += [x - r, x + r]
            ys += [y - r, y + r]
    return min(xs), max(xs), min(ys), max(ys)


_MIN_PANEL = 0.9 * BODY


def _towel(placed: Placed, dx: float, flip) -> str:
    (wx, wy), (tx, ty) = placed.joints["near_wrist"], placed.joints["near_toe"]
    return (
        f'<line class="towel" x1="{_num(wx + dx)}" y1="{_num(flip(wy))}" x2="{_num(tx + dx)}" y2="{_num(flip(ty))}" '
        'stroke="#b8860b" stroke-width="2.5" stroke-dasharray="4 2"/>'
    )


class _Frame:
    """Shared framing for every pose of a figure, so panels and animations line up."""

    def __init__(self, figure: Figure):
        self.figure = figure
        self.placed = {name: place(pose, figure.anchor) for name, pose in figure.poses.items()}
        left, right, bottom, top = _bounds(self.placed.values())
        self.pad = 6.0
        # A narrow pose (standing) sits in the middle of a panel as wide as a lying body's,
        # so it is drawn at the same scale instead of stretched to the panel's width.
        spare = max(0.0, _MIN_PANEL - (right - left))
        self.left = left - spare / 2
        self.panel = right - left + spare + 2 * self.pad
        self.floor = top + self.pad
        self.height = top - min(bottom, 0) + 2 * self.pad + 14

    def flip(self, y: float) -> float:
        return self.floor - y

    def dx(self, i: int) -> float:
        return i * self.panel - self.left + self.pad

    def ground(self, i: int) -> str:
        x0, x1 = i * self.panel, (i + 1) * self.panel
        out = (
            f'<line class="floor" x1="{_num(x0 + 2)}" y1="{_num(self.floor)}" x2="{_num(x1 - 2)}" '
            f'y2="{_num(self.floor)}" stroke="#444" stroke-width="1"/>'
        )
        if "mat" in self.figure.equipment:
            out += (
                f'<rect class="mat" x="{_num(x0 + 4)}" y="{_num(self.floor)}" width="{_num(self.panel - 8)}" '
                'height="2.5" fill="#6aa5a0"/>'
            )
        return out

    def strokes(self, name: str, i: int) -> list[_Stroke]:
        return _strokes(self.placed[name], self.figure.poses[name], dx=self.dx(i), flip=self.flip)

    def svg(
        self, body: str, *, title: str, described: str, panels: int, width: int, key: str
    ) -> str:
        ident = f"exl-fig-{key}"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="exl-figure" role="img" width="{width}" '
            f'viewBox="0 0 {_num(self.panel * panels)} {_num(self.height)}" aria-labelledby="{ident}-t {ident}-d">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(described)}</desc>'
            f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" '
            'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker></defs>'
            f"{body}</svg>"
        )


def _caption(pose: str) -> str:
    """A pose's caption under the figure, in the learner's language."""
    if pose == "start":
        return pgettext("pose", "Start")
    if pose == "end":
        return pgettext("pose", "End")
    if pose == "end_right":
        return pgettext("pose", "Other side")
    return pose


def _key(title: str, *parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in (title, *parts))


def figure_svg(
    figure: Figure, pose_name: str, *, title: str, width: int = 260, caption: bool = True
) -> str:
    """One pose as a standalone SVG, framed the same as the other poses of the figure;
    ``caption=False`` leaves out the word under it (a thumbnail's label says it)."""
    return figure_pair_svg(figure, title=title, poses=(pose_name,), width=width, captions=caption)


def figure_pair_svg(
    figure: Figure,
    *,
    title: str,
    poses: tuple[str, ...] = ("start", "end"),
    width: int = 520,
    captions: bool = True,
) -> str:
    """Poses side by side in one SVG, captioned; later poses get arrows for the movement."""
    frame = _Frame(figure)
    key = _key(title, *poses)
    parts = []
    for i, name in enumerate(poses):
        pose = figure.poses[name]
        dx = frame.dx(i)
        parts.append(f'<g class="pose pose-{escape(name)}">{frame.ground(i)}')
        if "towel or strap" in figure.equipment:
            parts.append(_towel(frame.placed[name], dx, frame.flip))
        parts += [_stroke_svg(s) for s in frame.strokes(name, i)]
        if name != "start":
            for joint in pose.motion:
                (x1, y1), (x2, y2) = (
                    frame.placed["start"].joints[joint],
                    frame.placed[name].joints[joint],
                )
                if math.dist((x1, y1), (x2, y2)) > 1.5:
                    parts.append(
                        f'<line class="arrow" x1="{_num(x1 + dx)}" y1="{_num(frame.flip(y1))}" '
                        f'x2="{_num(x2 + dx)}" y2="{_num(frame.flip(y2))}" stroke="#c0392b" stroke-width="1.4" '
                        f'stroke-dasharray="3 2" marker-end="url(#exl-fig-{key}-arrow)"/>'
                    )
        parts.append(
            f'<text x="{_num(i * frame.panel + frame.panel / 2)}" y="{_num(frame.floor + 12)}" text-anchor="middle" '
            f'font-family="system-ui, sans-serif" font-size="9" fill="#222">{escape(_caption(name))}</text></g>'
            if captions
            else "</g>"
        )
    described = " ".join(f"{_caption(n)}: {figure.poses[n].description}" for n in poses)
    return frame.svg(
        "".join(parts), title=title, described=described, panels=len(poses), width=width, key=key
    )


def figure_motion_svg(
    figure: Figure,
    from_pose: str,
    to_pose: str,
    *,
    title: str,
    seconds: float = 1.5,
    width: int = 300,
) -> str:
    """The body gliding from one pose to another over ``seconds`` (SVG animation), then holding."""
    return figure_path_svg(figure, from_pose, [(to_pose, 0.0, seconds)], title=title, width=width)


def figure_path_svg(
    figure: Figure,
    first_pose: str,
    moves: Sequence[tuple[str, float, float]],
    *,
    title: str,
    width: int = 300,
) -> str:
    """The body in ``first_pose``, then gliding through ``moves``: (pose, start, seconds) each.

    E.g. back to the start pose at once, and out to the end pose in the last second of a
    pause, so the next hold begins in place: the body never moves during a hold.
    """
    frame = _Frame(figure)
    first = frame.strokes(first_pose, 0)
    steps = [(frame.strokes(pose, 0), begin, seconds) for pose, begin, seconds in moves]
    body = "".join(
        _stroke_svg(stroke, [(strokes[i], begin, seconds) for strokes, begin, seconds in steps])
        for i, stroke in enumerate(first)
    )
    shown = moves[-1][0] if moves else first_pose
    return frame.svg(
        frame.ground(0) + body,
        title=title,
        described=figure.poses[shown].description,
        panels=1,
        width=width,
        key=_key(title, first_pose, *(pose for pose, _angles, _motion in moves)),
    )
