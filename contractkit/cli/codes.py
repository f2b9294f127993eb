"""``contractkit codes``: a document's custom codes as constants for client code."""

from __future__ import annotations

import json
import re
import typing as t

import click

from .common import deep_documents, read_client_contract

if t.TYPE_CHECKING:
    from ..client import ClientContract
    from ..client.statuses import CustomCode

_EPILOG = """\b
Examples:
  contractkit codes specs/api.yaml > myclient/status_codes.py
  contractkit codes specs/api.yaml --format typescript > src/statusCodes.ts
  contractkit codes http://127.0.0.1:5000/openapi.json --format json
  contractkit export - --app myapp | contractkit codes -

\b
Each custom code becomes a constant named after its phrase (TIER_LIMIT_EXCEEDED
= 460; STATUS_460 without one), with its phrase and its fallback: the standard
code a client without special handling acts on (x-status-codes, x-fallback, else
the x00 of its class). The output is the same for the same document, so a
committed file diffs cleanly.

\b
Exit status:
  0  the constants were written
  2  bad usage, or a document that cannot be read or is no valid OpenAPI 3.0/3.1
"""

_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


@click.command("codes", epilog=_EPILOG)
@click.argument("spec", metavar="SPEC")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["python", "typescript", "json"]),
    default="python",
    show_default=True,
    help="A Python module, a TypeScript module, or JSON.",
)
@deep_documents
def codes_command(spec: str, fmt: str) -> None:
    """Print the custom status codes of SPEC as constants with phrase and fallback.

    SPEC is a .json/.yaml/.yml file, an http(s) URL such as .../openapi.json,
    or - for stdin.
    """
    contract = read_client_contract(spec)
    render = {"python": python_module, "typescript": typescript_module, "json": json_text}[fmt]
    click.echo(render(contract, spec), nl=False)


def constant_names(codes: t.Iterable[CustomCode]) -> dict[int, str]:
    """An identifier for each code: its phrase in capitals, ``STATUS_<code>`` without one.

    Two phrases that make the same name get their codes appended, so no
    constant silently stands for two codes.
    """
    names: dict[int, str] = {}
    for custom in codes:
        words = _NOT_WORD.sub("_", custom.phrase or "").strip("_").upper()
        if not words or words[0].isdigit():
            words = f"STATUS_{custom.code}" if not words else f"STATUS_{words}"
        names[custom.code] = words
    taken = list(names.values())
    for code, name in names.items():
        if taken.count(name) > 1:
            names[code] = f"{name}_{code}"
    return names


def python_module(contract: ClientContract, source: str) -> str:
    """A Python module: one constant per code, then ``PHRASES`` and ``FALLBACKS``."""
    customs = list(contract.custom_codes.values())
    names = constant_names(customs)
    lines = [
        f"# Custom status codes of {_title(contract)}, from {_one_line(source)}.",
        "# Written by `contractkit codes`: regenerate it rather than editing it.",
        "",
        *(f"{names[c.code]} = {c.code}" for c in customs),
        "",
        "#: Each custom code's reason phrase (None where the document gives none).",
        "PHRASES: dict[int, str | None] = {",
        *(f"    {names[c.code]}: {_python_str(c.phrase)}," for c in customs),
        "}",
        "#: The standard code a client without special handling acts on, per custom code.",
        "FALLBACKS: dict[int, int] = {",
        *(f"    {names[c.code]}: {c.fallback}," for c in customs),
        "}",
    ]
    return "\n".join(lines) + "\n"


def typescript_module(contract: ClientContract, source: str) -> str:
    """A TypeScript module: one ``const`` per code, then ``CUSTOM_STATUSES``."""
    customs = list(contract.custom_codes.values())
    names = constant_names(customs)
    lines = [
        f"// Custom status codes of {_title(contract)}, from {_one_line(source)}.",
        "// Written by `contractkit codes`: regenerate it rather than editing it.",
        "",
        *(f"export const {names[c.code]} = {c.code};" for c in customs),
        "",
        "/** Each custom code's reason phrase, and the standard code a client without",
        " * special handling acts on. */",
        "export const CUSTOM_STATUSES: Readonly<",
        "  Record<number, { readonly phrase: string | null; readonly fallback: number }>",
        "> = {",
        *(
            f"  [{names[c.code]}]: {{ phrase: {json.dumps(c.phrase)}, fallback: {c.fallback} }},"
            for c in customs
        ),
        "};",
    ]
    return "\n".join(lines) + "\n"


def json_text(contract: ClientContract, source: str) -> str:
    """JSON: the document's title and version, and each code with name, phrase and fallback."""
    customs = list(contract.custom_codes.values())
    names = constant_names(customs)
    info = contract.document.get("info") or {}
    data = {
        "title": info.get("title"),
        "version": info.get("version"),
        "codes": [
            {
                "code": c.code,
                "name": names[c.code],
                "phrase": c.phrase,
                "fallback": c.fallback,
                "description": c.description,
            }
            for c in customs
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _python_str(text: str | None) -> str:
    # JSON's string syntax is Python's too, and writes the double quotes ruff would.
    return "None" if text is None else json.dumps(text)


def _title(contract: ClientContract) -> str:
    info = contract.document.get("info") or {}
    return _one_line(f"{info.get('title', 'the API')} {info.get('version', '')}".strip())


def _one_line(text: str) -> str:
    """``text`` safe inside a one-line comment: no line breaks, bounded."""
    text = " ".join(str(text).split())
    return text if len(text) <= 120 else text[:119] + "…"
