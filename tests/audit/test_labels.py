"""Every recorded audit action has a readable name in Swedish, English and Finnish.

The actions are found twice: in the source, as every string given as the action to
`record()` or to a helper that passes its own argument on to it (both branches of a
conditional, and local variables assigned only such strings, count); and in the audit
table after the demo has been loaded. An action argument the analysis cannot resolve
(an f-string, a value from elsewhere) fails with its file and line, so that new code
keeps its action codes where a reader, and this test, can see them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from samskapande.audit.labels import ACTION_LABELS
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "samskapande"
RECORD = "samskapande.audit.services.record"
LOCALES = ("sv", "en", "fi")


@dataclass(frozen=True)
class Forwarder:
    """A function that records the action it is given: where its callers put the action."""

    position: int | None
    keyword: str


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    names: dict[str, str] = field(default_factory=dict)  # local name -> qualified name


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _names(module: Module) -> dict[str, str]:
    names = {}
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
    for node in module.tree.body:  # the module's own functions win over imports
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names[node.name] = f"{module.name}.{node.name}"
    return names


def _qualified(module: Module, func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return module.names.get(func.id)
    if isinstance(func, ast.Attribute):
        base = _qualified(module, func.value)
        return f"{base}.{func.attr}" if base else None
    return None


class _Calls(ast.NodeVisitor):
    """Every call in a module, with the function it is written in (None at module level)."""

    def __init__(self):
        self.calls: list[tuple[ast.Call, ast.FunctionDef | None]] = []
        self._stack: list[ast.FunctionDef] = []

    def visit_FunctionDef(self, node):
        self._stack.append(node)
        self.generic_visit(node)
        self._stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        self.calls.append((node, self._stack[-1] if self._stack else None))
        self.generic_visit(node)


def _action_argument(call: ast.Call, forwarder: Forwarder) -> ast.expr | None:
    positional = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    if forwarder.position is not None and len(positional) == len(call.args) \
            and forwarder.position < len(call.args):
        return call.args[forwarder.position]
    for keyword in call.keywords:
        if keyword.arg == forwarder.keyword:
            return keyword.value
    return None


def _parameters(function) -> list[str]:
    args = function.args
    return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]


def _positional_index(function, name: str) -> int | None:
    positional = [a.arg for a in function.args.posonlyargs + function.args.args]
    return positional.index(name) if name in positional else None


class Unresolved(Exception):
    pass


def _strings(node: ast.expr | None, function) -> set[str]:
    """The strings an action argument can be, or Unresolved."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, function) | _strings(node.orelse, function)
    if isinstance(node, ast.Name) and function is not None:
        values = [assign.value for assign in ast.walk(function)
                  if isinstance(assign, ast.Assign | ast.AnnAssign) and assign.value is not None
                  and any(isinstance(t, ast.Name) and t.id == node.id
                          for t in (assign.targets if isinstance(assign, ast.Assign)
                                    else [assign.target]))]
        if values:
            return set().union(*(_strings(value, function) for value in values))
    raise Unresolved


@dataclass
class Analysis:
    actions: dict[str, list[str]]   # action -> where it is recorded (file:line)
    unresolved: list[str]           # file:line of action arguments nobody can read
    forwarders: dict[str, Forwarder]


@cache
def analyse() -> Analysis:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = Module(_module_name(path), path, ast.parse(path.read_text(), str(path)))
        module.names = _names(module)
        visitor = _Calls()
        visitor.visit(module.tree)
        modules.append((module, visitor.calls))

    forwarders = {RECORD: Forwarder(0, "action")}
    changed = True
    while changed:  # a helper that forwards to a helper that forwards to record()...
        changed = False
        for module, calls in modules:
            for call, function in calls:
                target = forwarders.get(_qualified(module, call.func))
                if target is None or function is None or function not in module.tree.body:
                    continue
                argument = _action_argument(call, target)
                qualified = f"{module.name}.{function.name}"
                if (isinstance(argument, ast.Name) and argument.id in _parameters(function)
                        and qualified not in forwarders):
                    forwarders[qualified] = Forwarder(
                        _positional_index(function, argument.id), argument.id)
                    changed = True

    actions: dict[str, list[str]] = {}
    unresolved = []
    for module, calls in modules:
        for call, function in calls:
            target = forwarders.get(_qualified(module, call.func))
            if target is None:
                continue
            where = f"{module.path.relative_to(ROOT)}:{call.lineno}"
            argument = _action_argument(call, target)
            if (function is not None and isinstance(argument, ast.Name)
                    and forwarders.get(f"{module.name}.{function.name}") is not None
                    and argument.id == forwarders[f"{module.name}.{function.name}"].keyword):
                continue  # a helper passing its own argument on: its callers are read
            try:
                for action in _strings(argument, function):
                    actions.setdefault(action, []).append(where)
            except Unresolved:
                unresolved.append(where)
    return Analysis(actions, unresolved, forwarders)


def _label_ids(node: ast.expr, prefix: str = "") -> dict[str, str]:
    if isinstance(node, ast.Dict):
        found = {}
        for key, value in zip(node.keys, node.values, strict=True):
            found |= _label_ids(value, f"{prefix}{key.value}.")
        return found
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_l"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)):
        return {prefix.rstrip("."): node.args[0].value}
    return {prefix.rstrip("."): None}  # not a plain _l("..."): no message id to check


@cache
def label_ids(name: str) -> dict[str, str | None]:
    """The message id of each label of one dict in labels.py, read from its source."""
    tree = ast.parse((PACKAGE / "audit" / "labels.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == [name]:
            return _label_ids(node.value)
    raise AssertionError(f"labels.py has no {name}")


@cache
def translated(locale: str) -> set[str]:
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=locale)
    return {m.id for m in catalog if m.id and m.string and not m.fuzzy}


# -- the analysis itself ------------------------------------------------------------------

def test_the_analysis_finds_the_helpers_that_forward_to_record():
    forwarders = analyse().forwarders
    assert {"samskapande.responses.services._audit", "samskapande.live.common.audit",
            "samskapande.live.services._meeting_changed"} <= set(forwarders)
    found = analyse().actions
    # a conditional's two branches, a local variable, a helper's helper
    assert {"round.voting_opened", "round.voting_closed", "response.edited",
            "response.change_proposed", "meeting.slow_mode", "poll.open"} <= set(found)


@pytest.mark.parametrize("argument", ['f"need.{verb}"', "ACTIONS[kind]", "kind + '.done'"])
def test_an_action_the_analysis_cannot_read_is_refused(argument):
    call = ast.parse(f"record({argument}, obj)").body[0].value
    with pytest.raises(Unresolved):
        _strings(call.args[0], None)


def test_every_action_argument_can_be_read_from_the_source():
    unresolved = analyse().unresolved
    assert unresolved == [], (
        "these calls record an action the label test cannot read; pass a string literal "
        f"(or a conditional of two) so the action's label can be checked: {unresolved}")


# -- every action has a label, in every language -------------------------------------------

def test_every_action_recorded_in_the_source_has_a_label():
    missing = {action: where for action, where in sorted(analyse().actions.items())
               if action not in ACTION_LABELS}
    assert missing == {}, \
        f"add these actions to ACTION_LABELS in samskapande/audit/labels.py: {missing}"


def stored_actions(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(AuditEvent.action).distinct()))


def test_every_action_the_demo_records_has_a_label(app, demo):
    stored = stored_actions(app)
    assert sorted(stored - set(ACTION_LABELS)) == []
    assert sorted(stored - set(analyse().actions)) == [], \
        "the demo records actions the source analysis did not find"


def test_every_action_of_a_round_answered_has_a_label(app, signed):
    """Themes made, needs moved, published, a response drafted, signed and published."""
    stored = stored_actions(app)
    assert {"theme.created", "themes.published", "response.signed"} <= stored
    assert sorted(stored - set(ACTION_LABELS)) == []
    assert sorted(stored - set(analyse().actions)) == [], \
        "the services recorded actions the source analysis did not find"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("labels", ["ACTION_LABELS", "DETAIL_LABELS", "VALUE_LABELS"])
def test_every_label_is_translated(labels, locale):
    ids = label_ids(labels)
    assert [key for key, message in ids.items() if message is None] == [], \
        f"{labels}: write each label as _l(\"...\") so it can be checked"
    missing = sorted(key for key, message in ids.items() if message not in translated(locale))
    assert missing == [], f"{locale}: {labels} without a translation: {missing}"


def test_labels_read_in_swedish_and_english(app):
    from flask_babel import force_locale

    from samskapande.audit.labels import action_label

    with app.test_request_context():
        with force_locale("sv"):
            assert action_label("response.signed") == "Svaret signerat"
        with force_locale("en"):
            assert action_label("response.signed") == "Response signed"
