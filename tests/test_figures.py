"""Figures from pose data: human joint angles, contacts on the floor, pinned geometry, same bytes."""

from __future__ import annotations

import dataclasses
import re
from types import MappingProxyType

import pytest

from exercises_lib import CatalogError, load_catalog
from exercises_lib.cli import main
from exercises_lib.figures import BODY, anatomy_problems, figure_motion_svg, figure_pair_svg, place
from exercises_lib.rendering import exercise_card_html

IDS = ["bird-dog", "bridge-overhead-reach", "hamstring-stretch", "partial-crunch", "pelvic-tilt"]


def _placed(catalog, exercise_id, pose):
    figure = catalog[exercise_id].figure
    return place(figure.poses[pose], figure.anchor).joints


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_pose_is_human_and_grounded(catalog, exercise_id):
    """Each exercise has start and end poses within joint limits, contacts on the floor."""
    figure = catalog[exercise_id].figure
    assert {"start", "end"} <= set(figure.poses)
    for name, pose in figure.poses.items():
        assert pose.contacts, (exercise_id, name)
        assert [] == anatomy_problems(pose), (exercise_id, name)


class TestGeometry:
    def test_bird_dog_start_is_a_table(self, catalog):
        """Hands sit under the shoulders and knees under the hips."""
        j = _placed(catalog, "bird-dog", "start")
        assert abs(j["near_wrist"][0] - j["shoulder"][0]) < 1
        assert abs(j["near_knee"][0] - j["hip"][0]) < 1

    def test_bird_dog_reach_is_level(self, catalog):
        """The reaching leg is at hip height and the reaching arm at shoulder height."""
        j = _placed(catalog, "bird-dog", "end")
        assert abs(j["near_ankle"][1] - j["hip"][1]) < 2
        assert abs(j["far_wrist"][1] - j["shoulder"][1]) < 2

    def test_crunch_keeps_low_back_down(self, catalog):
        """Only the shoulders lift: hip and waist stay on the floor."""
        j = _placed(catalog, "partial-crunch", "end")
        assert j["hip"][1] < 0.06 * BODY and j["waist"][1] < 0.06 * BODY
        assert j["shoulder"][1] > 0.1 * BODY

    def test_bridge_lifts_hips_feet_stay(self, catalog):
        """The bridge lifts the hips while the feet stay where they were."""
        start, end = (_placed(catalog, "bridge-overhead-reach", p) for p in ("start", "end"))
        assert end["hip"][1] - start["hip"][1] > 0.1 * BODY
        assert start["near_toe"] == pytest.approx(end["near_toe"], abs=0.5)

    def test_hamstring_leg_goes_up(self, catalog):
        """The stretched leg points up; the other foot stays on the floor."""
        j = _placed(catalog, "hamstring-stretch", "end")
        assert j["near_ankle"][1] - j["hip"][1] > 0.4 * BODY
        assert j["far_toe"][1] < 0.03 * BODY


class TestSvg:
    def test_same_data_same_bytes(self, catalog):
        """Rendering is deterministic, including from an equal copy of the figure."""
        figure = catalog["bird-dog"].figure
        copy = dataclasses.replace(figure, poses=MappingProxyType(dict(figure.poses)))
        assert figure_pair_svg(figure, title="Bird Dog") == figure_pair_svg(copy, title="Bird Dog")

    def test_accessible_text(self, catalog):
        """Each figure has a title and a description taken from the pose data."""
        svg = figure_pair_svg(catalog["bird-dog"].figure, title="Bird Dog: start and end")
        assert "<title" in svg and "Bird Dog: start and end</title>" in svg
        assert "Start: On hands and knees" in svg
        assert 'role="img"' in svg

    def test_working_side_and_arrows(self, catalog):
        """The working limbs are drawn in the accent colour, with arrows for the movement."""
        svg = figure_pair_svg(catalog["bird-dog"].figure, title="Bird Dog")
        end = svg[svg.index('class="pose pose-end"') :]
        assert 'class="seg seg-near-thigh"' in end and "#c0392b" in end
        assert 2 == end.count('class="arrow"')

    def test_motion_animates_only_moving_parts(self, catalog):
        """The animated figure glides the reaching limbs and leaves the rest still."""
        svg = figure_motion_svg(
            catalog["bird-dog"].figure, "start", "end", title="Bird Dog", seconds=1.5
        )
        moving = set(re.findall(r'<line class="seg (seg-[a-z-]+)"[^>]*><animate', svg))
        assert {"seg-near-thigh", "seg-near-shin", "seg-far-upper-arm", "seg-far-forearm"} <= moving
        assert "seg-lower-torso" not in moving
        assert 'dur="1.5s"' in svg

    def test_card_shows_figure(self, catalog):
        """The exercise card carries the figure."""
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="exl-figure"' in exercise_card_html(
            catalog["pelvic-tilt"]
        )

    def test_unique_ids_per_figure(self, catalog):
        """Two figures on one page never share element ids."""
        a = figure_pair_svg(catalog["bird-dog"].figure, title="Bird Dog")
        b = figure_pair_svg(catalog["pelvic-tilt"].figure, title="Pelvic Tilt")
        assert not set(re.findall(r'id="([^"]+)"', a)) & set(re.findall(r'id="([^"]+)"', b))


def test_impossible_pose_is_reported(data_copy):
    """A knee bent past what a body allows is reported with its file and line."""
    path = data_copy / "exercises" / "bird-dog.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("near_thigh: 270, near_shin: 180", "near_thigh: 270, near_shin: 90", 1)
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(data_copy)
    messages = [str(p) for p in raised.value.problems]
    expected = "figure.poses.start: near knee bends 180°; a body allows 0° to 160°"
    assert any(m.endswith(expected) for m in messages), messages
    assert all(m.startswith("data/exercises/bird-dog.yaml:") for m in messages)


def test_cli_writes_svg(tmp_path, capsys):
    """`exercises figure ID --out FILE.svg` writes the figure."""
    out = tmp_path / "bird.svg"
    assert 0 == main(["figure", "bird-dog", "--pose", "end", "--out", str(out)])
    assert out.read_text().startswith("<svg")
