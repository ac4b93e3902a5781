"""HTTP Range header parsing (RFC 9110 §14) for one byte range; pure, no Django."""

from __future__ import annotations


class UnsatisfiableRange(Exception):
    """The range lies outside the file: the server answers 416."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """'bytes=0-99' -> (0, 99) inclusive; None means "send the whole file" (no header, a syntax we do
    not handle such as several ranges, or another unit: RFC 9110 lets a server ignore those)."""
    if not header:
        return None
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    try:
        if first == "":
            suffix = int(last)
            if suffix <= 0:
                raise UnsatisfiableRange(header)
            start, end = max(size - suffix, 0), size - 1
        else:
            start = int(first)
            end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size:
        raise UnsatisfiableRange(header)
    if start < 0 or start > end:
        return None
    return start, min(end, size - 1)
