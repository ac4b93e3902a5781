"""Solar dryer: start a batch, see its temperature and humidity curves, finish it with the weight out."""

from __future__ import annotations

import pytest
from django.test import Client

from phangnga.iot import demo
from phangnga.iot.models import DryerBatch, Site


@pytest.fixture
def dryer(make_user):
    make_user("farmer", username="farmer")
    agri = make_user("agriculture_officer", username="agri")
    demo.load()
    client = Client()
    client.force_login(agri)
    return Site.objects.get(code="demo-dryer-school"), client


def test_start_and_finish_a_batch(dryer):
    site, client = dryer
    response = client.post(
        f"/iot/sites/{site.code}/batches/new", {"product": "Cashew", "weight_in_kg": "12.5"}
    )
    assert response.status_code == 302
    batch = DryerBatch.objects.get(product="Cashew")
    assert batch.ended_at is None
    page = client.get(f"/iot/sites/{site.code}/batches/{batch.id}/")
    assert b'name="weight_out_kg"' in page.content
    too_heavy = client.post(f"/iot/sites/{site.code}/batches/{batch.id}/", {"weight_out_kg": "20"})
    assert too_heavy.status_code == 200 and "weight_out_kg" in too_heavy.context["form"].errors
    client.post(f"/iot/sites/{site.code}/batches/{batch.id}/", {"weight_out_kg": "4.2"})
    batch.refresh_from_db()
    assert batch.ended_at is not None and batch.yield_pct == 33.6


def test_a_demo_batch_shows_its_curves(dryer):
    site, client = dryer
    batch = DryerBatch.objects.filter(site=site).order_by("started_at").first()
    html = client.get(f"/iot/sites/{site.code}/batches/{batch.id}/").content.decode()
    assert 'data-chart="temperature"' in html and 'data-chart="humidity"' in html
    assert html.count("<polyline") == 2


def test_zero_weight_is_refused(dryer):
    site, client = dryer
    client.post(f"/iot/sites/{site.code}/batches/new", {"product": "Air", "weight_in_kg": "0"})
    assert not DryerBatch.objects.filter(product="Air").exists()
