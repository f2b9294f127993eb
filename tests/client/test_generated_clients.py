"""Clients generated from the example app's document, calling it live on 127.0.0.1.

What each generator does with a custom code (measured here, and told in
docs/guides/client.md): openapi-python-client raises ``ValueError`` on a 460
(it converts every status to ``http.HTTPStatus``) unless the request asks
for fallbacks; openapi-fetch parses a 460's JSON body into ``error``, typed
by the document. The guide's recipes are the snippets run here.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import typing as t
from collections.abc import Iterator
from pathlib import Path

import pytest

from example_app import create_app

from ..servers import serving
from ..tools import LOOPBACK_ENV, ROOT, require

pytestmark = pytest.mark.slow  # generators run as subprocesses

SPEC = ROOT / "specs" / "example_app.yaml"
SNIPPETS = ROOT / "docs" / "snippets"
GENERATORS = ROOT / "tests" / "client" / "generators"
INSTALL = "run npm ci --prefix tests/client/generators (see .ci/run)"


@pytest.fixture
def limited_url() -> Iterator[str]:
    """The example app allowing one search an hour: the second is a 460."""
    with serving(create_app({"EXAMPLE_SEARCH_CALLS_PER_HOUR": 1})) as url:
        yield url


@pytest.fixture(scope="module")
def python_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The client openapi-python-client generates from the example app's document."""
    generator = require(shutil.which("openapi-python-client"), "openapi-python-client", "")
    folder = tmp_path_factory.mktemp("python-client")
    subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(SPEC),
            "--meta",
            "none",
            "--output-path",
            str(folder / "example_client"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.startswith("example_client")]:
            del sys.modules[name]


def test_openapi_python_client_raises_on_a_custom_code(
    python_client: Path, limited_url: str
) -> None:
    client_module = importlib.import_module("example_client")
    search = importlib.import_module("example_client.api.reports.reports_search")
    client = client_module.Client(base_url=limited_url)
    assert search.sync_detailed(client=client, q="tea").status_code == 200
    with pytest.raises(ValueError, match="460 is not a valid HTTPStatus"):
        search.sync_detailed(client=client, q="tea")


def test_the_python_recipe_handles_460_as_its_fallback(
    python_client: Path, limited_url: str
) -> None:
    spec = importlib.util.spec_from_file_location(
        "generated_python_client", SNIPPETS / "generated_python_client.py"
    )
    assert spec is not None and spec.loader is not None
    snippet = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snippet)
    assert snippet.search(limited_url, "tea") == "1 match(es)"
    assert snippet.search(limited_url, "tea") == (
        "limited (460 Tier Limit Exceeded): The free plan allows 1 searches an hour."
    )


def _npm_tool(name: str) -> str:
    return require(str(GENERATORS / "node_modules" / ".bin" / name), name, INSTALL)


def _typescript_client(folder: Path) -> Path:
    """The TypeScript recipe, generated, type-checked and compiled into ``folder``."""
    env = {**os.environ, **LOOPBACK_ENV, "NO_COLOR": "1"}
    run: dict[str, t.Any] = {"check": True, "capture_output": True, "text": True, "env": env}
    subprocess.run(
        [_npm_tool("openapi-typescript"), str(SPEC), "-o", str(folder / "api.d.ts")],
        timeout=120,
        **run,
    )
    contractkit = str(Path(sys.executable).with_name("contractkit"))
    codes = subprocess.run(
        [contractkit, "codes", str(SPEC), "--format", "typescript"],
        timeout=120,
        **run,
    )
    (folder / "statusCodes.ts").write_text(codes.stdout)
    shutil.copy(SNIPPETS / "generated_client.ts", folder / "generated_client.ts")
    (folder / "package.json").write_text(json.dumps({"type": "module"}))
    (folder / "node_modules").symlink_to(GENERATORS / "node_modules")
    compiled = subprocess.run(
        [
            _npm_tool("tsc"),
            "--strict",
            "--target",
            "es2022",
            "--module",
            "nodenext",
            "--outDir",
            str(folder / "out"),
            str(folder / "generated_client.ts"),
        ],
        cwd=folder,
        timeout=300,
        check=False,
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    (folder / "out" / "run.mjs").write_text(
        'import { search } from "./generated_client.js";\n'
        "console.log(await search(process.argv[2], process.argv[3]));\n"
    )
    return folder / "out" / "run.mjs"


def test_openapi_fetch_parses_460_into_error(tmp_path: Path, limited_url: str) -> None:
    runner = _typescript_client(tmp_path)
    node = require(shutil.which("node"), "node", "install Node.js (Debian: nodejs)")
    answers = [
        subprocess.run(
            [node, str(runner), limited_url, "tea"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **LOOPBACK_ENV},
        ).stdout.strip()
        for _ in range(2)
    ]
    assert answers == [
        "1 match(es)",
        "limited (460 Tier Limit Exceeded): The free plan allows 1 searches an hour.",
    ]
