"""A queryset compiled once gives the same instances as the ORM, values converted as the ORM does."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from phangnga.core.compiled import CompiledQuery
from phangnga.core.models import ApiToken


def _fields(token: ApiToken) -> tuple:
    return (
        token.pk,
        token.user_id,
        token.name,
        token.prefix,
        token.created_at,
        token.last_used_at,
        token.revoked,
    )


def test_same_rows_and_types_as_the_orm(make_user):
    user = make_user("viewer")
    ApiToken.issue(user, "phone")
    _, raw = ApiToken.issue(user, "tablet")
    ApiToken.objects.filter(name="tablet").update(last_used_at=timezone.now(), revoked=True)
    compiled = CompiledQuery(lambda: ApiToken.objects.order_by("name"))
    got = compiled.all()
    assert [_fields(t) for t in got] == [_fields(t) for t in ApiToken.objects.order_by("name")]
    assert isinstance(got[1].last_used_at, datetime) and got[1].revoked is True
    assert got[0]._state.adding is False  # loaded instances, as from the ORM


def test_rows_written_after_compiling_are_read(make_user):
    user = make_user("viewer")
    compiled = CompiledQuery(lambda: ApiToken.objects.filter(user__is_active=True))
    assert compiled.all() == []
    ApiToken.issue(user, "later")
    assert [t.name for t in compiled.all()] == ["later"]


def test_select_related_is_refused(db):
    with pytest.raises(ValueError, match="select_related"):
        CompiledQuery(lambda: ApiToken.objects.select_related("user")).all()


def test_shared_instances_are_reused_only_while_their_row_is_unchanged(make_user):
    user = make_user("viewer")
    ApiToken.issue(user, "phone")
    ApiToken.issue(user, "tablet")
    compiled = CompiledQuery(lambda: ApiToken.objects.order_by("name"))
    phone, tablet = compiled.all(shared=True)
    again = compiled.all(shared=True)
    assert again[0] is phone and again[1] is tablet
    ApiToken.objects.filter(name="tablet").update(revoked=True)
    phone_now, tablet_now = compiled.all(shared=True)
    assert phone_now is phone and tablet_now is not tablet and tablet_now.revoked is True
    assert compiled.all()[0] is not phone  # without shared=True every call builds its own
    ApiToken.objects.filter(name="phone").delete()
    assert [t.name for t in compiled.all(shared=True)] == ["tablet"]
