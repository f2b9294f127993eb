"""Real Swagger 2.0 documents: does ``check`` refuse any that openapi-spec-validator accepts?

Run it with ``python benchmarks/swagger2_corpus.py MIRROR...``, each MIRROR a git
checkout or a bare git directory (``git --git-dir`` works on both). Every
``.json``/``.yaml``/``.yml`` file of its ``HEAD`` that says ``swagger: "2.0"`` is
read; none is copied into this repository. For each, the script asks:

- openapi-spec-validator's ``OpenAPIV2SpecValidator``: is it valid 2.0?
- contractkit's reading of it (:func:`~contractkit.specfile.rules.readable_openapi3`):
  valid 2.0, converted, and the conversion valid OpenAPI 3.0.3?
- ``contractkit check`` (:func:`~contractkit.specfile.rules.check_document`), which
  adds the status-code contract rules (custom codes need ``x-fallback``,
  descriptions must say something): those are contractkit's own, counted apart;

and prints the counts and every file the validator accepts that contractkit
refuses as invalid, with the first problem. The goal is none.
The documents used for the 0.4 figures: ``go-swagger/go-swagger`` (``testdata/``,
real-world excerpts from its bug reports and its canary APIs: Docker, Kubernetes,
Quay, Bitbucket), ``spec-first/connexion`` and ``Mermade/oas-kit``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import typing as t
from collections import Counter
from pathlib import Path

from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV2SpecValidator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contractkit.errors import ContractError
from contractkit.specfile.files import parse_document
from contractkit.specfile.rules import check_document, readable_openapi3
from contractkit.specfile.swagger2 import convert_document, is_swagger2


def git(mirror: Path, *args: str) -> str:
    """Output of ``git`` on ``mirror``, a checkout or a bare repository."""
    directory = mirror / ".git" if (mirror / ".git").exists() else mirror
    return subprocess.run(
        ["git", f"--git-dir={directory}", *args], check=True, capture_output=True, text=True
    ).stdout


def documents(mirror: Path) -> t.Iterator[tuple[str, dict[str, t.Any]]]:
    """Every Swagger 2.0 document in ``mirror``'s ``HEAD``, by its path."""
    for name in git(mirror, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        suffix = Path(name).suffix.lower()
        if suffix not in (".json", ".yaml", ".yml"):
            continue
        text = git(mirror, "show", f"HEAD:{name}")
        if "swagger" not in text:
            continue
        try:
            document = parse_document(text, "json" if suffix == ".json" else "yaml", name=name)
        except ContractError:
            continue
        if is_swagger2(document):
            yield f"{mirror.parent.name}:{name}", document


def validator_accepts(document: dict[str, t.Any]) -> bool:
    """openapi-spec-validator's verdict, with references inside the document only."""
    try:
        return not any(OpenAPIV2SpecValidator(SchemaPath.from_dict(document)).iter_errors())
    except Exception:  # a reference it cannot resolve, a cycle: not accepted
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mirrors", nargs="+", type=Path)
    arguments = parser.parse_args()
    tally: Counter[str] = Counter()
    refused: list[str] = []
    for mirror in arguments.mirrors:
        for name, document in documents(mirror):
            tally["Swagger 2.0 files"] += 1
            if not validator_accepts(document):
                tally["refused by openapi-spec-validator"] += 1
                continue
            tally["accepted by openapi-spec-validator"] += 1
            _, problems = readable_openapi3(document)
            if problems and all("points outside this document" in p.message for p in problems):
                # By design: contractkit fetches nothing a document points to.
                tally["accepted, refers outside itself (check refuses, by design)"] += 1
                continue
            if problems:
                tally["accepted, but contractkit refuses as invalid"] += 1
                refused.append(f"{name}: {problems[0]}")
                continue
            if convert_document(document).notes:
                tally["accepted, with conversion notes (collectionFormat 3.0 cannot say)"] += 1
            if check_document(document):
                tally["accepted, valid, contract rules find problems (custom codes...)"] += 1
    tally.setdefault("Swagger 2.0 files", 0)
    tally.setdefault("accepted, but contractkit refuses as invalid", 0)
    width = max(map(len, tally))
    for key, count in tally.items():
        print(f"{key:<{width}}  {count}")
    for line in refused:
        print(f"  refused: {line}")


if __name__ == "__main__":
    main()
