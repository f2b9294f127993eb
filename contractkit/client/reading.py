"""A client's copy of the contract: a spec file or URL read as ``contractkit check`` reads it.

The same parser and limits (:mod:`contractkit.specfile.parsing`), the same
validity and ``$ref`` rules (:func:`~contractkit.specfile.rules.readable_openapi3`):
only references inside the document are followed, so reading a document
never fetches anything else. A URL is fetched once, within a size limit. A
Swagger 2.0 document is validated as 2.0, then read as its OpenAPI 3.0.3
conversion, the document a spec-driven server enforces.
"""

from __future__ import annotations

import typing as t
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import SpecFileError, listed_problems
from ..specfile.files import Format, parse_document, read_document

#: Largest document fetched from a URL. The example app's is 20 KB; large
#: public APIs publish a few MB.
MAX_DOCUMENT_BYTES: t.Final = 16 * 1024 * 1024
#: Seconds to wait for the server, connecting and between reads.
FETCH_TIMEOUT: t.Final = 30.0


def read_file(path: str | Path) -> dict[str, t.Any]:
    """The document in ``path`` (``.json``, ``.yaml`` or ``.yml``), checked."""
    path = Path(path)
    return checked(read_document(path), str(path))


def read_url(url: str, *, timeout: float = FETCH_TIMEOUT) -> dict[str, t.Any]:
    """The document served at ``url`` (http or https; JSON or YAML), checked."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise SpecFileError(
            f"cannot fetch {url!r}: give an http:// or https:// URL, or read a file with "
            "ClientContract.from_file()."
        )
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            length = answer.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > MAX_DOCUMENT_BYTES:
                raise SpecFileError(_too_big(url))
            data = answer.read(MAX_DOCUMENT_BYTES + 1)
            content_type = answer.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise SpecFileError(
            f"cannot fetch {url}: the server answered {error.code} {error.reason}."
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise SpecFileError(f"cannot fetch {url}: {reason}.") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise SpecFileError(_too_big(url))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecFileError(f"{url} is not UTF-8 text.") from None
    fmt: Format = "json" if "json" in content_type or url.endswith(".json") else "yaml"
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


def _too_big(url: str) -> str:
    return (
        f"{url} is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB, the most "
        "contractkit fetches; download it and use ClientContract.from_file()."
    )
