"""URL map: admin, API, accounts, language switch, and each app's pages."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control

from .api import api
from .core import login


@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico by themselves: the platform's icon (sea, island and sun)."""
    icon = Path(__file__).parent / "static" / "phangnga" / "favicon.ico"
    return HttpResponse(icon.read_bytes(), content_type="image/x-icon")


urlpatterns = [
    path("favicon.ico", favicon),
    # Both log-in pages count failed log-ins and refuse a locked account or address (core/login.py).
    path("admin/login/", login.admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/login/", login.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Apps with pages mount their own urls.py; the core app owns "/" and "/map".
for _app in settings.PHANGNGA_APPS:
    try:
        importlib.import_module(f"{_app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_app}.urls":
            raise
        continue
    urlpatterns.append(path("", include(f"{_app}.urls")))

handler404 = "phangnga.core.views.not_found"
handler403 = "phangnga.core.views.forbidden"
