"""The package's shape: no import cycles, short modules, internal modules marked as such."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "contractkit"
#: STYLE.md: small modules with one job; "no module over ~400 lines", with a little slack.
MAX_LINES = 420


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path, *, lazy: bool = False) -> set[str]:
    """contractkit modules ``name`` imports when it is imported (not for type checking).

    :param lazy: count the imports inside functions too: a module that needs
        one of those to dodge a cycle has a cycle all the same.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if lazy and isinstance(node, ast.FunctionDef | ast.ClassDef | ast.With):
                visit(node.body)
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("contractkit"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                if module.startswith("contractkit"):
                    for alias in node.names:
                        sub = f"{module}.{alias.name}"
                        found.add(sub if sub in MODULES else module)
            elif isinstance(node, ast.If | ast.Try):
                visit(node.body)
                visit(node.orelse)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """An import cycle through ``start``, as the modules along it, or ``None``."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        module, trail = stack.pop()
        for imported in sorted(graph.get(module, ())):
            if imported == start:
                return [*trail, start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, [*trail, imported]))
    return None


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}
LAZY_GRAPH = {name: _imports(name, path, lazy=True) for name, path in MODULES.items()}


def test_the_import_graph_is_read_and_cycles_found() -> None:
    assert "contractkit.declare.status_codes" in GRAPH["contractkit.declare.registry"]
    assert "contractkit.state" in GRAPH["contractkit.extension"]
    # state.py names ContractKit for type checking only; that import is not followed.
    assert "contractkit.extension" not in GRAPH["contractkit.state"]
    assert _cycle_from("a", {"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_cycle(module: str) -> None:
    assert _cycle_from(module, GRAPH) is None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_cycle_through_imports_inside_functions(module: str) -> None:
    assert _cycle_from(module, LAZY_GRAPH) is None


def test_the_lazy_graph_sees_imports_inside_functions() -> None:
    # state.py imports the document builder only when a document is first built.
    assert "contractkit.openapi.reuse" in LAZY_GRAPH["contractkit.state"]
    assert "contractkit.openapi.reuse" not in GRAPH["contractkit.state"]


#: How a second copy of one of contractkit/http.py's lists would be spelt.
RESTATED = re.compile(
    "|".join(
        (
            r"""["']get["'],\s*["']put["']""",
            r"""["']HEAD["'],\s*["']OPTIONS["']""",
            r"[{(\[]\s*204,\s*205,\s*304",
            r"""["']204["'],\s*["']205["']""",
        )
    ),
    re.IGNORECASE,
)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_http_lists_are_written_only_in_their_home(module: str) -> None:
    if module == "contractkit.http":
        assert RESTATED.search(MODULES[module].read_text(encoding="utf-8"))
        return
    code = "\n".join(
        line
        for line in MODULES[module].read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith(("#", "-"))  # comments and docstring lists say them
    )
    found = RESTATED.search(code)
    assert found is None, f"{module} restates {found.group()!r}: import it from contractkit.http"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_short(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by job."


@pytest.mark.slow  # one fresh interpreter per module
@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _imported_at_all(name: str) -> set[str]:
    """contractkit modules ``name`` imports anywhere: inside functions and for type checking too."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.update(f"{module}.{a.name}" for a in node.names)
            found.add(module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {module for module in found if module.startswith("contractkit")}


#: Modules that must not reach up into a layer above them, lazily or for types alone:
#: (module or package prefix, the prefixes it may not import).
LAYERS = [
    ("contractkit.openapi.builder", ("contractkit.runtime",)),
    ("contractkit.testing.coverage", ("contractkit.runtime.status_lines",)),
    ("contractkit.config", ("contractkit.openapi", "contractkit.runtime", "contractkit.state")),
    ("contractkit.spec_options", ("contractkit.openapi", "contractkit.config")),
    ("contractkit.wire", ("contractkit.",)),
    ("contractkit.state", ("contractkit.extension", "contractkit.adapters")),
    # The core reads Flask's sans-IO app; what differs between frameworks is the adapters'.
    ("contractkit.declare", ("contractkit.adapters",)),
    ("contractkit.openapi", ("contractkit.adapters",)),
    ("contractkit.runtime", ("contractkit.adapters",)),
]


@pytest.mark.parametrize(("module", "above"), LAYERS, ids=[m for m, _ in LAYERS])
def test_lower_layers_do_not_import_upper_ones(module: str, above: tuple[str, ...]) -> None:
    reaching = sorted(m for m in _imported_at_all(module) if m.startswith(above))
    assert not reaching, f"{module} imports {reaching}"


def test_the_layer_reader_sees_lazy_and_type_only_imports() -> None:
    # extension.py imports state at the top; coverage imports the wire module.
    assert "contractkit.state" in _imported_at_all("contractkit.extension")
    assert "contractkit.wire" in _imported_at_all("contractkit.testing.coverage")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_quart_adapter_imports_quart(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not node.level
    }
    quart = sorted(name for name in imported if name.partition(".")[0] in {"quart", "hypercorn"})
    assert not quart or module == "contractkit.adapters.quart", f"{module} imports {quart}"
