"""Shared fixtures: the places registry, users with roles, API clients with Bearer tokens.

Every app's tests use these so that auth and data set-up stay the same everywhere.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def need_or_skip(condition: bool, why: str) -> None:
    """Skip when an outside part (browser, broker) is missing; in CI it must be there, so fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session", autouse=True)
def _strict_output():
    """Every API result a test asks for is compared with what its output schema lets through: a
    key the schema would drop, or a value it would change, fails the test (core/schemas.py)."""
    from phangnga.core.schemas import strict_output

    strict_output(True)
    yield
    strict_output(False)


@pytest.fixture(scope="session", autouse=True)
def _land_cache(tmp_path_factory):
    """Tests share one coastline cache so only the first derives it from roaring-landmask."""
    from django.conf import settings

    shared = Path(
        os.environ.get("PHANGNGA_TEST_CACHE", Path(__file__).resolve().parent.parent / "var" / "cache")
    )
    shared.mkdir(parents=True, exist_ok=True)
    settings.PHANGNGA_CACHE_DIR = shared
    yield shared


@pytest.fixture(scope="session", autouse=True)
def _static_files_by_plain_name():
    """Pages under test name static files as the test server finds them (in the apps), never by
    the hashed names of a manifest that a local `phangnga serve` left in the data dir."""
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test's database rolls back without signals: no test may see another's places or
    tokens through the per-process caches."""
    from phangnga.core.auth import forget_tokens
    from phangnga.geo import place_cache

    place_cache.clear()
    forget_tokens()
    yield
    place_cache.clear()
    forget_tokens()


@pytest.fixture
def places(db):
    from phangnga.geo.places import load_registry

    load_registry()
    from phangnga.geo.models import Place

    return {p.code: p for p in Place.objects.all()}


@pytest.fixture
def make_user(db):
    """make_user("dispatcher", facility="hosp-vachira") -> a user holding those roles."""
    from django.contrib.auth.models import Group

    from phangnga.core.models import User
    from phangnga.core.roles import ensure_roles
    from phangnga.geo.models import Place

    ensure_roles()
    counter = {"n": 0}

    def make(*role_names: str, facility: str | None = None, district: str = "", username: str | None = None):
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"{'-'.join(role_names) or 'nobody'}-{counter['n']}",
            password="pw-test-123",
            district=district,
            facility=Place.objects.get(code=facility) if facility else None,
        )
        user.groups.set(Group.objects.filter(name__in=role_names))
        return user

    return make


class ApiClient:
    """A Django test client that sends JSON and a Bearer token."""

    def __init__(self, user=None):
        from django.test import Client

        from phangnga.core.models import ApiToken

        self.client = Client()
        self.headers = {}
        if user is not None:
            _, raw = ApiToken.issue(user, "test")
            self.headers["Authorization"] = f"Bearer {raw}"

    def _call(self, method, path, data=None, headers=None):
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, headers=None):
        return self._call("get", path, headers=headers)

    def post(self, path, data=None, headers=None):
        return self._call("post", path, data if data is not None else {}, headers)

    def put(self, path, data=None, headers=None):
        return self._call("put", path, data if data is not None else {}, headers)

    def patch(self, path, data=None, headers=None):
        return self._call("patch", path, data if data is not None else {}, headers)

    def delete(self, path, headers=None):
        return self._call("delete", path, headers=headers)


@pytest.fixture
def api(db):
    """api(user) -> ApiClient with that user's token; api() -> anonymous."""
    return ApiClient


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    path = chromium_path()
    need_or_skip(path is not None, "Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=path,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    page = context.new_page()
    yield page
    context.close()
