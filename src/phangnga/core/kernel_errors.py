"""The error every pure kernel raises for bad input (no Django here, so kernels can use it).

API layers catch it and answer 422 with `field` named; `code` says what is wrong.
"""

from __future__ import annotations


class KernelInputError(ValueError):
    def __init__(self, field: str, message: str, code: str = "invalid"):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
