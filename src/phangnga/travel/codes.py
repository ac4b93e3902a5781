"""Short sign codes: easy to read aloud and type from a faded sign. Pure."""

from __future__ import annotations

import random
import re

# No 0/O, 1/I/L, 5/S or 8/B: they are confused on weathered signs.
ALPHABET = "234679ACDEFGHJKMNPQRTUVWXYZ"
LENGTH = 6
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code(rng: random.Random | None = None) -> str:
    rng = rng or random.SystemRandom()
    return "".join(rng.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What people type: lower case, spaces, dashes -> the stored form."""
    return re.sub(r"[\s-]", "", code or "").upper()


def is_valid(code: str) -> bool:
    return bool(_VALID.match(code))
