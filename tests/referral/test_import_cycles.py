"""No referral module imports one that imports it back, directly or round a longer loop, at
the top of the module or inside a function (an import hidden in a function is still a cycle:
units.arrange once imported services, which imports units)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "phangnga.referral"
ROOT = Path(__file__).resolve().parents[2] / "src" / "phangnga" / "referral"


def _imports(path: Path) -> set[str]:
    """The referral modules `path` imports anywhere in it."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:
                base = module.split(".")[0] if module else ""
            elif module.startswith(PACKAGE + "."):
                base = module[len(PACKAGE) + 1 :].split(".")[0]
            elif module == PACKAGE:
                base = ""
            else:
                continue
            if base:
                names.add(base)
            else:  # from . import a, b
                names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    names.add(alias.name[len(PACKAGE) + 1 :].split(".")[0])
    return names


def _graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in ROOT.glob("*.py")}
    return {name: _imports(path) & set(modules) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        for nxt in sorted(graph[node]):
            found = visit(nxt, path + [node])
            if found:
                return found
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return None


def test_the_walk_sees_the_imports():
    graph = _graph()
    assert {"planning", "units", "workflow"} <= graph["services"]
    assert "planning" in graph["units"]


def test_no_referral_module_imports_itself_back():
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])
