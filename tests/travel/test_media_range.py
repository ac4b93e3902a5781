"""Generated media served with HTTP Range: 206 with Content-Range, 416 outside, 200 without."""

import pytest

from phangnga.travel.demo import ensure_media

pytestmark = pytest.mark.django_db


@pytest.fixture
def clip(catalogue, media_root, client):
    attraction = catalogue["koh-panyee"]
    ensure_media([attraction])
    attraction.refresh_from_db()
    path = media_root / attraction.clip
    return attraction, path, "/travel/media/" + attraction.clip.removeprefix("travel/")


def test_media_is_generated(clip, media_root):
    attraction, path, _ = clip
    poster = (media_root / attraction.poster).read_bytes()
    assert poster.startswith(b"\x89PNG\r\n\x1a\n")
    data = path.read_bytes()
    if path.suffix == ".webm":
        assert data[:4] == b"\x1a\x45\xdf\xa3"  # EBML header
        assert len(data) > 1000
    else:
        assert b"<animate" in data


def test_range_request_gets_206_and_the_right_bytes(clip, client):
    _, path, url = clip
    data = path.read_bytes()
    r = client.get(url, HTTP_RANGE="bytes=100-199")
    assert r.status_code == 206
    assert r["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert r["Content-Length"] == "100"
    assert r.content == data[100:200]
    assert r["Accept-Ranges"] == "bytes"
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and tail.content == data[-10:]


def test_whole_file_and_unsatisfiable(clip, client):
    _, path, url = clip
    data = path.read_bytes()
    full = client.get(url)
    assert full.status_code == 200 and b"".join(full.streaming_content) == data
    assert full["Accept-Ranges"] == "bytes"
    bad = client.get(url, HTTP_RANGE=f"bytes={len(data)}-")
    assert bad.status_code == 416 and bad["Content-Range"] == f"bytes */{len(data)}"


def test_if_range_with_an_old_etag_sends_the_whole_file(clip, client):
    _, path, url = clip
    r = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"')
    assert r.status_code == 200
    etag = r["ETag"]
    assert client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag).status_code == 206


def test_no_escape_from_the_media_folder(clip, client):
    assert client.get("/travel/media/../../secret_key").status_code == 404
    assert client.get("/travel/media/nope/clip.webm").status_code == 404
