import pytest


@pytest.fixture(autouse=True)
def _fresh_kpi_cache():
    """The board caches module answers; each test starts from the modules themselves."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
