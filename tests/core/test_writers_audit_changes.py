"""Changes are audited by the app's writer module, in the transaction that makes them; the
API and the pages audit only what they show (docs/architecture.md, "Module roles")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "phangnga"
# The edge: modules that receive a request (api.py, views.py, *_api.py, views_*.py). They may audit
# reads, never changes.
EDGE = ("api.py", "views.py")


def _edge_modules() -> list[Path]:
    return sorted(
        p
        for p in SRC.rglob("*.py")
        if p.name in EDGE or p.name.endswith(("_api.py", "_views.py")) or p.name.startswith("views_")
    )


def _change_audits(path: Path, root: Path = SRC) -> list[str]:
    """`record(request, "<action>", ...)` calls whose action is not "read"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        action = node.args[1]
        if name == "record" and isinstance(action, ast.Constant) and action.value != "read":
            found.append(f"{path.relative_to(root)}:{node.lineno} audits {action.value!r}")
        elif name == "record" and not isinstance(action, ast.Constant):
            found.append(f"{path.relative_to(root)}:{node.lineno} audits a computed action")
    return found


def test_the_edge_audits_reads_only():
    found = [hit for path in _edge_modules() for hit in _change_audits(path)]
    assert not found, "move these into the app's writer module (it takes an Actor):\n" + "\n".join(found)


def test_the_check_sees_a_change_audited_at_the_edge(tmp_path):
    edge = tmp_path / "views.py"
    edge.write_text(
        'def v(request, obj):\n    record(request, "update", obj)\n    record(request, "read", obj)\n'
    )
    assert [h.split(" ", 1)[1] for h in _change_audits(edge, tmp_path)] == ["audits 'update'"]


@pytest.mark.django_db
def test_a_write_through_the_api_is_audited_as_its_caller(api, make_user):
    from phangnga.core.models import AuditEntry
    from phangnga.land import demo
    from phangnga.land.models import Project

    officer = make_user("land_officer")
    data = demo.features()
    r = api(officer).post(
        "/api/v1/land/projects",
        {"name": "Audit test", "boundary": data["boundary"], "zones": []},
    )
    assert r.status_code == 201, r.content
    project = Project.objects.get(name="Audit test")
    entry = AuditEntry.objects.get(object_type="land.project", object_id=str(project.pk), action="create")
    assert (entry.username, entry.channel, entry.source_ip) == (
        officer.username,
        "api",
        "127.0.0.1",
    )  # the test client's address


@pytest.mark.django_db
def test_a_refused_write_leaves_no_audit_entry(api, make_user):
    from phangnga.core.models import AuditEntry

    officer = make_user("land_officer")
    r = api(officer).post(
        "/api/v1/land/projects",
        {"name": "Bad boundary", "boundary": {"type": "Point", "coordinates": [98.4, 8.6]}, "zones": []},
    )
    assert r.status_code == 422 and r.json()["fields"].get("boundary")
    assert not AuditEntry.objects.filter(object_type="land.project").exists()
