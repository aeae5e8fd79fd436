"""`realtime` is infrastructure: it imports no feature package, not even inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import samskapande

PACKAGE = Path(samskapande.__file__).resolve().parent
ALLOWED = ("samskapande.core", "samskapande.extensions", "samskapande.realtime")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)  # and each name, which may be a module itself
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("samskapande")}


def test_realtime_imports_no_feature():
    for path in sorted((PACKAGE / "realtime").glob("*.py")):
        outside = {name for name in imported_modules(path)
                   if not any(name == a or name.startswith(a + ".") for a in ALLOWED)}
        assert outside == set(), f"{path.name} imports {sorted(outside)}"


def test_the_live_blueprint_is_a_leaf_below_the_view_modules():
    views = {"samskapande.live.views", "samskapande.live.setup_views",
             "samskapande.live.staff_views"}
    assert imported_modules(PACKAGE / "live" / "blueprint.py") & views == set()
    for name in ("setup_views.py", "staff_views.py"):
        assert "samskapande.live.views" not in imported_modules(PACKAGE / "live" / name)
