"""The floor plan holds: no import circle, one place commits, one place asks about phases.

The layers themselves are import-linter contracts in pyproject.toml (`lint-imports`, run by
`make test`'s lint step); these tests check what a contract cannot say.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "samskapande"
PHASES = {"draft", "collect", "vote", "meet", "synthesise", "respond", "follow_up", "closed"}


def sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), ast.parse(path.read_text("utf-8"))


def test_no_module_import_circle():
    """Every import counts, also those inside functions (grimp reads the whole file)."""
    graph = grimp.build_graph("samskapande")
    circles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.startswith("samskapande") and graph.chain_exists(imported, importer):
                circles.append(f"{importer} -> {imported} -> … -> {importer}")
    assert circles == []


def test_only_the_unit_of_work_commits_or_rolls_back():
    """Services flush; a request, socket event, command or job commits once (core/transaction)."""
    allowed = {"samskapande/core/transaction.py"}
    found = []
    for name, tree in sources():
        if name in allowed:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"commit", "rollback"}
                    and "session" in ast.unparse(node.func.value)):
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def _names_a_phase(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id == "Phase"
    if isinstance(node, ast.Constant):
        return node.value in PHASES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_phase(element) for element in node.elts)
    return False


def test_phase_questions_are_asked_only_in_rounds_phases():
    """`round_.phase == Phase.COLLECT` anywhere but rounds/phases.py is a rule that leaked.

    A comparison with a phase, and any other use of `Phase.X` than setting a phase
    (`Round(phase=Phase.DRAFT)`), counts: a set of phases kept elsewhere is a rule too.
    """
    allowed = {"samskapande/rounds/phases.py", "samskapande/rounds/models.py",
               "samskapande/demo.py", "samskapande/demo_content.py",
               "samskapande/demo_past.py", "samskapande/demo_ramsele.py"}  # the demo sets phases
    found = []
    for name, tree in sources():
        if name in allowed:
            continue
        setting = {id(kw.value) for kw in ast.walk(tree) if isinstance(kw, ast.keyword)}
        for node in ast.walk(tree):
            compares = isinstance(node, ast.Compare) and any(
                _names_a_phase(side) for side in [node.left, *node.comparators])
            names = (isinstance(node, ast.Attribute) and _names_a_phase(node)
                     and id(node) not in setting)
            if compares or names:
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert sorted(set(found)) == []
