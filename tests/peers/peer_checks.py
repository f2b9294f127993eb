"""What every peer app must show, each peer described once in :data:`PEERS`."""

from __future__ import annotations

import ast
import importlib
import inspect
import typing as t
import warnings
from dataclasses import dataclass, field
from types import ModuleType

from flask import Flask


@dataclass(frozen=True)
class Call:
    """One request to a peer app and the status the app answers to it."""

    method: str
    url: str
    status: int
    json: t.Any = None

    def send(self, app: Flask) -> t.Any:
        client = app.test_client()
        return client.open(self.url, method=self.method.upper(), json=self.json)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url} -> {self.status}"


@dataclass(frozen=True)
class Peer:
    """A peer app module and the calls that prove contractkit enforces its document."""

    name: str
    module_name: str
    #: Calls the document declares: they pass untouched in strict mode.
    declared: tuple[Call, ...]
    #: A call the view answers with a code its document does not declare.
    undeclared: Call
    #: A call whose body contradicts the tool's own schema.
    invalid_body: Call
    #: The tool's own docs routes, which must keep working.
    docs: tuple[str, ...]
    #: contractkit's document routes that do not collide with the tool's.
    served: tuple[str, ...] = ("/openapi.yaml",)
    #: ``(url, status line)`` of a custom code, where the app uses one.
    custom: tuple[str, str] | None = None
    extra: dict[str, t.Any] = field(default_factory=dict)
    #: Warnings building the app gives by design, such as InfrastructureCodeWarning
    #: for a code a proxy also sends: each is expected, and nothing else.
    warns: tuple[type[Warning], ...] = ()

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.module_name)

    def create_app(self, **config: t.Any) -> Flask:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            app = t.cast(Flask, self.module.create_app(config))
        assert sorted({type(w.message).__name__ for w in caught}) == sorted(
            {w.__name__ for w in self.warns}
        ), [str(w.message) for w in caught]
        return app


def contractkit_lines(module: ModuleType) -> list[str]:
    """The lines of ``module`` that use contractkit, each marked ``# contractkit``."""
    source = inspect.getsource(module)
    lines = source.splitlines()
    tree = ast.parse(source)
    docstring_end = (tree.body[0].end_lineno or 0) if ast.get_docstring(tree) else 0
    words = ("ContractKit", "ck.", "CONTRACTKIT_", "contractkit")
    using = [
        line.strip()
        for number, line in enumerate(lines, 1)
        if number > docstring_end and any(word in line.split("#", 1)[0] for word in words)
    ]
    marked = [line.strip() for line in lines if line.rstrip().endswith("# contractkit")]
    assert using == marked, f"unmarked contractkit lines in {module.__name__}"
    return marked
