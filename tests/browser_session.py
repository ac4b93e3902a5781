"""Browser test helper shared by every app's Playwright tests (importable: pytest adds tests/ to the path)."""


def login(page, base_url: str, username: str, password: str = "pw-test-123") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
