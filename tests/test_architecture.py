"""Dependencies point one way: surveys ← indicators ← evaluation, and no module imports itself back.

The cycle check counts every import statement, at module level or inside a function (an import
deferred into a function still ties the two modules together).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"surveys": {"indicators", "evaluation"}, "indicators": {"evaluation"}}
PACKAGES = ("surveys", "indicators", "evaluation")


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_packages_do_not_import_higher_ones(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
        if _imported_packages(path) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_library_never_prints_or_exits() -> None:
    offenders = []
    for package in ("surveys", "indicators", "evaluation"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "cli" in path.relative_to(ROOT).parts[:2]:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"print", "exit"}:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "exit" and isinstance(node.func.value, ast.Name) and node.func.value.id == "sys":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports (``from p import m`` counts as p.m when m is a module)."""
    modules = {_module_name(path, root): path for path in sorted((root / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(here.split(".")[: len(here.split(".")) - node.level + 1]) if node.level else ""
                base = ".".join(part for part in (base, node.module or "") if part)
                targets.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    """One shortest cycle through each group of modules that import one another, as « a → b → a »."""
    reach = {name: _reachable(graph, name) for name in graph}
    found, seen = [], set()
    for name in sorted(graph):
        if name in seen or name not in reach[name]:
            continue
        group = {other for other in reach[name] if name in reach[other]}
        seen |= group
        found.append(" → ".join(_shortest_loop(graph, name, group)))
    return found


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    reached: set[str] = set()
    stack = list(graph[start])
    while stack:
        name = stack.pop()
        if name not in reached:
            reached.add(name)
            stack.extend(graph[name])
    return reached


def _shortest_loop(graph: dict[str, set[str]], start: str, group: set[str]) -> list[str]:
    paths = {start: [start]}
    queue = [start]
    for name in queue:
        for target in sorted(graph[name] & group):
            if target == start:
                return [*paths[name], start]
            if target not in paths:
                paths[target] = [*paths[name], target]
                queue.append(target)
    raise AssertionError(f"{start} is in no loop")


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle_inside_a_package(package: str) -> None:
    assert _cycles(_import_graph(ROOT, package)) == []


def test_an_import_cycle_is_reported_with_its_modules(tmp_path: Path) -> None:
    """A cycle hidden behind an import inside a function is found; a one-way import is not a cycle."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("import json\n\n\ndef build():\n    from pkg.sub import b\n    return b\n")
    (package / "sub" / "b.py").write_text("from .. import c\n")
    (package / "c.py").write_text("from pkg import a\n")
    (package / "d.py").write_text("import pkg.a\nfrom pkg.sub import b\n")
    graph = _import_graph(tmp_path, "pkg")
    assert graph["pkg.d"] == {"pkg.a", "pkg.sub.b"}
    assert _cycles(graph) == ["pkg.a → pkg.sub.b → pkg.c → pkg.a"]
    (package / "c.py").write_text("")
    assert _cycles(_import_graph(tmp_path, "pkg")) == []


# A command body maps its arguments to one library call and prints that call's result: nothing else.
ARGUMENT_MAPPERS = {"progress_printer"}  # helpers of evaluation/cli/base.py that only turn arguments into values
MAPPING_NODES = (ast.Name, ast.Constant, ast.keyword, ast.Load, ast.Starred)


def _command_body_offences(function: ast.FunctionDef) -> list[str]:
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # docstring
    body = [node for node in body if not isinstance(node, (ast.Import, ast.ImportFrom))]
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(call := body[0].value, ast.Call):
        return ["the body is more than one statement « emit(library_call(...)) »"]
    if not (isinstance(call.func, ast.Name) and call.func.id == "emit" and len(call.args) == 1 and not call.keywords):
        return ["the one statement is not « emit(...) »"]
    library = call.args[0]
    if not (isinstance(library, ast.Call) and isinstance(library.func, (ast.Name, ast.Attribute))):
        return ["emit() does not receive a library call"]
    offences = []
    for node in [*library.args, *library.keywords]:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in ARGUMENT_MAPPERS and not inner.args:
                continue
            if isinstance(inner, ast.Name) and inner.id in ARGUMENT_MAPPERS:
                continue
            if not isinstance(inner, MAPPING_NODES):
                offences.append(f"{type(inner).__name__} in the arguments of the library call")
    return offences


def _command_functions() -> dict[str, ast.FunctionDef]:
    import inspect
    import textwrap

    import click

    from evaluation.cli import cli

    def leaves(prefix: str, group: click.Group) -> list[tuple[str, click.Command]]:
        found: list[tuple[str, click.Command]] = []
        for name, command in sorted(group.commands.items()):
            if isinstance(command, click.Group):
                found += leaves(f"{prefix}{name} ", command)  # a group only dispatches to its commands
            else:
                found.append((f"{prefix}{name}", command))
        return found

    functions = {}
    for name, command in leaves("", cli):
        assert command.callback is not None
        tree = ast.parse(textwrap.dedent(inspect.getsource(command.callback)))
        function = tree.body[0]
        assert isinstance(function, ast.FunctionDef)
        functions[name] = function
    return functions


def test_every_command_is_one_library_call_and_its_printing() -> None:
    offenders = {name: offences for name, function in _command_functions().items() if (offences := _command_body_offences(function))}
    assert offenders == {}


@pytest.mark.parametrize(("source", "offence"), [
    ("def c(folder):\n    emit(check(folder))\n", None),
    ("def c(folder):\n    '''Doc.'''\n    from x import check\n    emit(check(folder, progress=progress_printer()))\n", None),
    ("def c(folder):\n    result = check(folder)\n    emit(result)\n", "more than one statement"),
    ("def c(folder):\n    click.echo(check(folder))\n", "not « emit(...) »"),
    ("def c(folder):\n    emit(check(Path(folder) / 'out'))\n", "BinOp"),
    ("def c(folder):\n    emit(check(folder if folder else None))\n", "IfExp"),
    ("def c(folder):\n    emit(folder)\n", "does not receive a library call"),
])
def test_the_command_body_check_refuses_logic(source: str, offence: str | None) -> None:
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    offences = _command_body_offences(function)
    assert (offences == []) if offence is None else any(offence in text for text in offences)


# The only places that catch SuiviError (docs/architecture.md, « Errors »): the one helper that records
# it, the guard that lets its own error past a broad except, the CLI's top-level handler, and the
# Decidim reader that renames a temporary file in a message.
CATCHES_SUIVI_ERROR = {"surveys/problems.py", "surveys/guards.py", "evaluation/cli/base.py", "evaluation/followup/decidim/reading.py"}


def _catches_suivi_error(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            if any(isinstance(c, ast.Name) and c.id == "SuiviError" for c in caught):
                return True
    return False


def test_suivi_error_is_caught_only_where_the_architecture_says() -> None:
    catching = {str(path.relative_to(ROOT)) for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
                if _catches_suivi_error(ast.parse(path.read_text(encoding="utf-8")))}
    assert catching == CATCHES_SUIVI_ERROR
    assert _catches_suivi_error(ast.parse("try:\n    f()\nexcept (OSError, SuiviError):\n    pass\n"))
