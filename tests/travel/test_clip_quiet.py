"""Generating the demo clips prints nothing: OpenCV's FFmpeg backend used to write a 'tag VP80 is not
supported' line to stderr for each of the 25 attractions at start-up."""

from __future__ import annotations

import pytest

from phangnga.travel.media import clip_webm

cv2 = pytest.importorskip("cv2")


def test_a_clip_is_written_without_a_word_on_stderr(tmp_path, capfd):
    assert clip_webm(tmp_path / "clip.webm", "Similan", "island")
    out, err = capfd.readouterr()
    assert "FFMPEG" not in err and err == ""
    assert (tmp_path / "clip.webm").stat().st_size > 0
