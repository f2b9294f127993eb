"""A client's copy of the contract: a spec file or URL read as ``contractkit check`` reads it.

The same parser and limits (:mod:`contractkit.specfile.parsing`), the same
validity and ``$ref`` rules (:func:`~contractkit.specfile.rules.readable_openapi3`):
only references inside the document are followed, so reading a document
never fetches anything else. A URL is fetched once (:mod:`.fetching`). A
Swagger 2.0 document is validated as 2.0, then read as its OpenAPI 3.0.3
conversion, the document a spec-driven server enforces.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from ..errors import SpecFileError, listed_problems
from ..specfile.files import Format, parse_document, read_document
from .fetching import Fetched


def read_file(path: str | Path) -> dict[str, t.Any]:
    """The document in ``path`` (``.json``, ``.yaml`` or ``.yml``), checked."""
    path = Path(path)
    return checked(read_document(path), str(path))


def read_fetched(fetched: Fetched, url: str) -> dict[str, t.Any]:
    """The document :func:`.fetching.fetch` got from ``url`` (JSON or YAML), checked."""
    try:
        text = fetched.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecFileError(f"{url} is not UTF-8 text.") from None
    json_named = fetched.url.endswith(".json") or url.endswith(".json")
    fmt: Format = "json" if "json" in fetched.content_type or json_named else "yaml"
    return checked(parse_document(text, fmt, name=url), url)


def checked(document: dict[str, t.Any], name: str) -> dict[str, t.Any]:
    """``document`` as valid OpenAPI 3.0/3.1 with local ``$ref`` s only; else raise.

    A valid Swagger 2.0 document is converted. The contract rules are not
    applied: a client reads documents it did not write, and where a custom
    code lacks its ``x-fallback`` RFC 9110's class rule stands in.
    """
    # Imported here: openapi-spec-validator is needed once per contract, not on import.
    from ..specfile.rules import readable_openapi3

    readable, problems = readable_openapi3(document)
    if problems:
        raise SpecFileError(
            f"{name} is not an OpenAPI document a client contract can be read from "
            f"({len(problems)} problem(s); 'contractkit check' lists them too):\n"
            f"{listed_problems(problems)}"
        )
    return dict(readable)
