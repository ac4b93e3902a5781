"""Language choice: staff pages speak Thai unless the user picked another language;
tourist pages follow the browser's Accept-Language."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Pages for tourists: the browser's language decides (five languages).
TOURIST_PREFIXES = ("/s/", "/travel/", "/emergency/screening")


class PlatformLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith(TOURIST_PREFIXES):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
