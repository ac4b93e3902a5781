from phangnga.core.models import AuditEntry


def test_creating_a_place_writes_an_audit_entry(api, make_user, places, settings):
    settings.NINJA_NUM_PROXIES = 1  # behind one reverse proxy, which wrote the client's address
    officer = make_user("tourism_officer")
    response = api(officer).post(
        "/api/v1/places",
        {
            "kind": "beach",
            "name_th": "หาดท้ายเหมือง",
            "name_en": "Thai Mueang beach",
            "lat": 8.41,
            "lon": 98.25,
            "source": "K",
            "accuracy_m": 500,
            "district": "thai_mueang",
        },
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.get(action="create", object_type="geo.place")
    assert entry.user == officer
    assert entry.object_id == str(response.json()["properties"]["id"])
    assert entry.source_ip == "203.0.113.7"
    assert entry.channel == "api"
    assert entry.changes["name_en"] == "Thai Mueang beach"


def test_audit_log_is_read_only_in_admin(client, make_user, db):
    admin = make_user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
