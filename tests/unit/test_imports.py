"""The project's import graph: no cycles anywhere, modules reach the platform only
through ``eservices.toolkit``, and no module imports another.

A cycle makes import order matter (a name is missing while its module is half
run) and was dodged before with imports moved into functions; so imports inside
functions count here like any other.  Modules importing the toolkit alone is what
lets the platform reorganise its insides and a module move into its own
distribution unchanged (docs/toolkit.md).

The graph is read with ``ast``, without importing anything.  An edge goes from
the importing file to the module an import statement names: ``from a import b``
names the submodule ``a.b`` when that is a file of the project, else ``a``
itself.  Entering a package through a submodule is not counted as importing its
``__init__`` (every package whose ``__init__`` imports its own parts would be a
"cycle" otherwise).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from eservices.scaffold import create_prototype

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("eservices", "notifications", "services", "prototypes", "bench", "tools")
SCRIPTS = ("wsgi.py",)
MODULE_TREES = ("services", "prototypes")
TOOLKIT = "eservices.toolkit"
PLATFORM = ("eservices", "notifications")

# Leftovers of modules not yet moved onto the toolkit, each by its file and the
# platform module it still imports.  Empty is the goal; an entry is a debt, not a rule.
NOT_YET_ON_THE_TOOLKIT: frozenset[tuple[str, str]] = frozenset()


def _is_test(path: Path, root: Path = ROOT) -> bool:
    parts = path.relative_to(root).parts
    return "tests" in parts or path.name.startswith("test_") or path.name == "conftest.py"


def project_files(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES,
                  scripts: tuple[str, ...] = SCRIPTS) -> dict[str, Path]:
    """Every project module by dotted name (tests excluded)."""
    files: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if _is_test(path, root) or ".venv" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    for script in scripts:
        files[Path(script).stem] = root / script
    return files


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imported_names(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """The project modules a file imports (at any depth of its code), with line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path).split(".")
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield (submodule if submodule in known else source), node.lineno


def import_graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], int]]:
    files = project_files()
    known = set(files)
    graph: dict[str, set[str]] = {name: set() for name in files}
    lines: dict[tuple[str, str], int] = {}
    for name, path in files.items():
        for target, line in imported_names(name, path, known):
            if target in known and target != name:
                graph[name].add(target)
                lines.setdefault((name, target), line)
    return graph, lines


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the groups of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def a_cycle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One concrete cycle through the group's first module (shortest, by breadth-first)."""
    members, start = set(group), group[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & members):
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle in {group}")


def test_the_project_has_no_import_cycle():
    graph, lines = import_graph()
    cycles = []
    for group in strongly_connected(graph):
        cycle = a_cycle(graph, group)
        steps = " -> ".join(f"{a}:{lines[a, b]}" for a, b in pairwise(cycle))
        cycles.append(f"{len(group)} modules reach each other, e.g. {steps} -> {cycle[-1]}")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_notifications_and_the_toolkit_load_without_the_app_factory():
    """``notifications`` depends on ``eservices``, not the other way round, at run time too:
    importing it (or the toolkit) runs neither the app factory nor Celery."""
    probe = ("import sys, notifications, eservices.toolkit; "
             "print(sorted({'eservices.app', 'eservices.tasks', 'celery'} & set(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_the_graph_sees_late_and_relative_imports(tmp_path):
    source = tmp_path / "views.py"
    source.write_text("from . import forms\nfrom ..db import db\n\n"
                      "def page():\n    from .blueprint import bp\n    import eservices.clock\n")
    known = {"pkg.sub.forms", "pkg.sub.blueprint", "pkg.db", "eservices.clock"}
    found = {target for target, _line in imported_names("pkg.sub.views", source, known)}
    assert found == {"pkg.sub.forms", "pkg.db", "pkg.sub.blueprint", "eservices.clock"}


def test_the_cycle_finder_names_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert a_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def outside_the_toolkit(files: dict[str, Path], root: Path = ROOT
                        ) -> set[tuple[str, str, int]]:
    """(file, platform module, line) for every import of a module's file that is not
    the toolkit."""
    found, known = set(), set(files) | {TOOLKIT}
    for name, path in files.items():
        if name.split(".")[0] not in MODULE_TREES:
            continue
        for target, line in imported_names(name, path, known):
            top = target.split(".")[0]
            if top in PLATFORM and target != TOOLKIT and not target.startswith(TOOLKIT + "."):
                found.add((str(path.relative_to(root)), target, line))
    return found


def test_modules_import_the_platform_only_through_the_toolkit():
    found = outside_the_toolkit(project_files())
    leftovers = {(file, target) for file, target, _line in found}
    unexpected = sorted(f"{file}:{line} imports {target}" for file, target, line in found
                        if (file, target) not in NOT_YET_ON_THE_TOOLKIT)
    assert not unexpected, "import eservices.toolkit instead:\n" + "\n".join(unexpected)
    paid = sorted(NOT_YET_ON_THE_TOOLKIT - leftovers)
    assert not paid, f"remove from NOT_YET_ON_THE_TOOLKIT, now on the toolkit: {paid}"


def test_no_module_imports_another_module():
    files = project_files()
    crossings = []
    for name, path in files.items():
        parts = name.split(".")
        if parts[0] not in MODULE_TREES or len(parts) < 2:
            continue
        own = ".".join(parts[:2])
        for target, line in imported_names(name, path, set(files)):
            other = target.split(".")
            if other[0] in MODULE_TREES and len(other) > 1 and ".".join(other[:2]) != own:
                crossings.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not crossings, "\n".join(crossings)


def test_a_freshly_scaffolded_module_uses_only_the_toolkit(tmp_path):
    create_prototype(tmp_path, "fresh_idea", "Ny idé", "New idea", "Team <t@example.se>",
                     taken=set())
    files = project_files(tmp_path, ("prototypes",), ())
    assert "prototypes.fresh_idea.views" in files and "prototypes.fresh_idea.blueprint" in files
    assert outside_the_toolkit(files, tmp_path) == set()
    graph = {name: {target for target, _line in imported_names(name, path, set(files))
                    if target in files and target != name} for name, path in files.items()}
    assert strongly_connected(graph) == []
