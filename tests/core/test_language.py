def test_staff_pages_default_to_thai_whatever_the_browser_says(client, db):
    body = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="th"' in body and "บริการของจังหวัดพังงา" in body


def test_chosen_language_sticks(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert 'lang="en"' in body and "Services of Phang Nga province" in body


def test_unknown_page_is_a_friendly_404_in_thai(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
