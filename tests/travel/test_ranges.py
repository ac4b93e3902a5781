"""Range header parsing (pure kernel)."""

import pytest

from phangnga.travel.ranges import UnsatisfiableRange, parse_range


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-2000", (990, 999)),
        ("bytes=0-1,5-9", None),  # several ranges: we may send the whole file
        ("items=0-9", None),
        ("bytes=9-3", None),
        ("bytes=abc", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable(header):
    with pytest.raises(UnsatisfiableRange):
        parse_range(header, 1000)
