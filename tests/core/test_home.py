from phangnga.core.services import SERVICES


def test_home_links_every_seed_system(client, db):
    body = client.get("/").content.decode()
    assert "ยังไม่เปิดให้บริการ" not in body  # "not available yet"
    for service in SERVICES:
        url = service.url()
        assert url, f"{service.key} has no page"
        assert f'href="{url}"' in body
