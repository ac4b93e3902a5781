"""Load the FHIR models of `fhir.resources` 6.x next to pydantic 2.

fhir.resources 6.5 (the project pins <7) is written for pydantic 1 and fails to import
under pydantic 2 (`ROOT_VALIDATOR_CONFIG_KEY`), which Django Ninja needs. pydantic 2 ships
the pydantic 1 API as `pydantic.v1`, so the FHIR modules are imported once with `pydantic`
pointing at `pydantic.v1`, then the real modules are put back. Every resource module is
imported inside that window because fhir.resources resolves nested types lazily by module
name. Note: the top-level models of 6.x are FHIR 4.3.0 (R4B), which keeps R4's shape for
the resources used here (Patient, ServiceRequest, Task, Encounter, Organization, Location).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import threading

_lock = threading.Lock()
_loaded = False
SKIP = {"DSTU2", "STU3", "core", "tests"}


def _load() -> None:
    global _loaded
    if _loaded:
        return
    import pydantic.v1 as v1  # noqa: PLC0415

    for sub in (
        "class_validators",
        "error_wrappers",
        "errors",
        "fields",
        "parse",
        "utils",
        "types",
        "validators",
        "main",
        "datetime_parse",
        "networks",
        "config",
        "typing",
        "json",
        "schema",
    ):
        importlib.import_module(f"pydantic.v1.{sub}")
    saved = {k: m for k, m in sys.modules.items() if k == "pydantic" or k.startswith("pydantic.")}
    try:
        for name in saved:
            if name.startswith("pydantic.v1."):
                sys.modules["pydantic." + name[len("pydantic.v1.") :]] = saved[name]
            elif name not in ("pydantic", "pydantic.v1"):
                del sys.modules[name]
        sys.modules["pydantic"] = v1
        import fhir.resources as package  # noqa: PLC0415

        for info in pkgutil.iter_modules(package.__path__):
            if info.name not in SKIP:
                importlib.import_module(f"fhir.resources.{info.name}")
    finally:
        for name in [k for k in sys.modules if k == "pydantic" or k.startswith("pydantic.")]:
            del sys.modules[name]
        sys.modules.update(saved)
    _loaded = True


def models():
    """The `fhir.resources` package, ready to use."""
    with _lock:
        _load()
    import fhir.resources as package  # noqa: PLC0415

    return package


def validation_error_class():
    import pydantic.v1 as v1  # noqa: PLC0415

    return v1.ValidationError
