"""Who may read or change which prevention registry (role rules; the registries have no owner scope)."""

from __future__ import annotations

from phangnga.core import roles

# The volunteer registry and its training alerts (names, phones, certificates).
VOLUNTEER_READERS = (roles.DISPATCHER, roles.HEALTH_OFFICER)
# Who stands at an AED and records its check: crews and volunteers, the command centre,
# public-health officers.
CHECKERS = (roles.RESCUE_CREW, roles.DISPATCHER, roles.HEALTH_OFFICER)
