"""Serving attraction media with HTTP Range support: phones at sea fetch clips in pieces and
resume after a drop; browsers seek in video with Range requests."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_http_methods

from .ranges import UnsatisfiableRange, parse_range

mimetypes.add_type("video/webm", ".webm")
CHUNK_LIMIT = 8 * 1024 * 1024


def _file(relpath: str) -> Path:
    root = (Path(settings.MEDIA_ROOT) / "travel").resolve()
    path = (root / relpath).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("no such media file")
    return path


@require_http_methods(["GET", "HEAD"])
def media(request, relpath: str):
    path = _file(relpath)
    stat = path.stat()
    size = stat.st_size
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
    common = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Last-Modified": http_date(stat.st_mtime),
        "Cache-Control": "public, max-age=86400",
    }
    # If-Range: only honour the range when the client's copy is still this file.
    if_range = request.headers.get("If-Range")
    range_header = request.headers.get("Range") if not if_range or if_range == etag else None
    try:
        byte_range = parse_range(range_header, size)
    except UnsatisfiableRange:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        for k, v in common.items():
            response[k] = v
        return response
    if byte_range is None:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = byte_range
        end = min(end, start + CHUNK_LIMIT - 1)
        with path.open("rb") as f:
            f.seek(start)
            body = f.read(end - start + 1) if request.method == "GET" else b""
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    for k, v in common.items():
        response[k] = v
    return response
