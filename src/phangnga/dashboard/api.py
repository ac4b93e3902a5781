"""GET /api/v1/dashboard?fy= : the provincial indicators for a Thai fiscal year (BE or CE)."""

from __future__ import annotations

from ninja import Router

from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import FieldError
from phangnga.core.thai import ThaiValueError, parse_fiscal_year
from phangnga.core.validation import fiscal_year, integer

from . import services

PREFIX = "/dashboard"
router = Router(tags=["dashboard"])


@router.get("", auth=token_or_session)
def dashboard(request, fy: fiscal_year() | None = None, years: integer(1, 10) = 1):
    """Each indicator with value, unit, target, source module and link; a module that is
    missing or fails gives `status: "not_available"` and `value: null`, never a guess.
    `years` > 1 adds `series`: the same indicators for the years before. `demo: true` on an
    indicator (and `demo`/`demo_modules` on the board) means its figure is computed from records
    the demo loader generated, not from the province's."""
    require_role(request, *services.READERS)
    try:
        fy_ce = parse_fiscal_year(fy, "fy") if fy not in (None, "") else services.current_fy()
    except ThaiValueError as exc:
        raise FieldError("fy", str(exc).split(": ", 1)[-1], exc.code) from None
    if not 1 <= years <= 10:
        raise FieldError("years", "must be 1-10")
    b = services.board(fy_ce, years)
    body = services.api_body(b)
    if years > 1:
        body["series"] = {
            key: [
                {"fy": fy_, "value": c.value, "status": c.status, "reported": c.reported, "demo": c.demo}
                for fy_, c in rows
            ]
            for key, rows in b.series.items()
        }
    return body
