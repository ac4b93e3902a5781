"""Browser test helper shared by every app's Playwright tests (importable: pytest adds tests/ to the path)."""

import time


def login(page, base_url: str, username: str, password: str = "pw-test-123") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


# Reports every Content-Security-Policy violation of every page of the context to Python: the
# event fires on the document for whatever the policy blocked (script, style, image, fetch...).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation({directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
                         source: e.sourceFile, line: e.lineNumber, page: location.pathname});
});
"""


def watch_csp(page) -> list[str]:
    """Collect the page's CSP violations, from the `securitypolicyviolation` event and from the
    console (Chromium logs "... violates the following Content Security Policy directive ...").
    Returns the list the violations are appended to, for the test to assert empty."""
    seen: list[str] = []
    page.context.expose_function("__cspViolation", lambda v: seen.append(f"event: {v}"))
    page.context.add_init_script(_CSP_LISTENER)
    page.on("console", lambda m: "Content Security Policy" in m.text and seen.append(f"console: {m.text}"))
    return seen


def wait_until(page, predicate: str, arg=None, timeout: float = 30_000):
    """page.wait_for_function for pages under the Content-Security-Policy: Playwright's polls the
    predicate with the page's own eval(), which the policy (no 'unsafe-eval') refuses; this asks
    from outside the page (page.evaluate), as often, until the predicate is truthy. Its value."""
    deadline = time.monotonic() + timeout / 1000
    while not (result := page.evaluate(predicate, arg)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout:.0f} ms: {predicate}")
        page.wait_for_timeout(100)
    return result
