"""Every page's automatic /favicon.ico request finds the platform's icon (no 404 in the logs)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\0\0\1\0"  # an ICO file
    assert "max-age" in response["Cache-Control"]
