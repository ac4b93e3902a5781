"""The error every refusal of input raises: the pure kernels' (no Django here, so kernels can
use it) and, through subclasses, the writers' (farm.services.FarmError, land.plans.PlanError,
health.queue.QueueError...). `field` names the input to fix, `code` says what is wrong.

Mapped in one place each: the API answers 422 with `field` named (`phangnga/api.py`), a page
puts the message on the form's field (`core.forms.add_input_error`).
"""

from __future__ import annotations


class KernelInputError(ValueError):
    def __init__(self, field: str, message: str, code: str = "invalid"):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
