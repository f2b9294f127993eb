"""contractkit's validity verdict is openapi-spec-validator's, on every document at hand.

openapi-spec-validator is the reference (``benchmarks/bench_corpus_check.py``'s
``reference_verdict``: the validator for the document's version, nothing
fetched). The documents: the repo's own, the test apps' in both versions,
the OpenAPI and Swagger 2.0 files of the git mirrors under ``/work/.mirror``
when present, and the public corpus of ``benchmarks/corpus.py`` when its cache
holds it (``CONTRACTKIT_CORPUS``, else ``~/.cache/contractkit-corpus``; slow).
"""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from contractkit.openapi.exporting import app_documents
from contractkit.specfile.files import parse_document, read_document
from contractkit.specfile.swagger2 import is_swagger2
from contractkit.specfile.validity import swagger2_problems, validity_problems
from example_app import create_app

from ..cli_apps import shop_app

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_corpus_check import reference_verdict  # noqa: E402
from corpus import corpus_paths, default_cache  # noqa: E402

MIRRORS = Path("/work/.mirror")


def _disagreement(document: dict[str, t.Any]) -> str | None:
    """How contractkit's verdict differs from the validator's, unless by a rule of its own.

    Two rules of contractkit's own make the verdicts differ, and no other
    difference is allowed: a ``$ref`` outside the document, or leading nowhere,
    is a problem wherever it is (the validator follows only those it walks);
    and a Swagger 2.0 response may have ``type: file`` at its schema's root, as
    the 2.0 specification says (the validator checks it as a JSON Schema).
    A ``RecursionError`` is the same verdict on both sides: no verdict.
    """
    expected, message = reference_verdict(document)
    try:
        problems = (
            swagger2_problems(document) if is_swagger2(document) else validity_problems(document)
        )
    except RecursionError:
        return None if message.startswith("RecursionError") else "RecursionError"
    if expected == (not problems):
        return None
    if problems and all("$ref" in p.message for p in problems):
        return None  # references the validator never follows
    if not problems and is_swagger2(document) and "'file'" in message:
        return None  # a 2.0 file response
    return f"validator {expected} ({message}); contractkit {problems[:2]}"


def _mirror_documents() -> list[tuple[str, str]]:
    """``(name, text)`` of each OpenAPI or Swagger file in the mirrors, read in one pass each."""
    found = []
    for mirror in sorted(MIRRORS.glob("*/repo")) if MIRRORS.is_dir() else []:
        git = ["git", "--git-dir", str(mirror)]
        listing = subprocess.run(
            [*git, "ls-tree", "-r", "HEAD"], capture_output=True, text=True
        ).stdout.splitlines()
        blobs = [
            (line.split("\t", 1)[1], line.split()[2])
            for line in listing
            if line.endswith((".json", ".yaml", ".yml")) and " blob " in line
        ]
        if len(blobs) > 3000:
            continue  # a repository of versions (stripe/openapi): the corpus covers those
        texts = subprocess.run(
            [*git, "cat-file", "--batch"],
            input=("\n".join(sha for _, sha in blobs) + "\n").encode(),
            capture_output=True,
        ).stdout
        offset = 0
        for name, _ in blobs:
            header_end = texts.index(b"\n", offset)
            header = texts[offset:header_end].split()
            if len(header) < 3:  # "<sha> missing": not in this snapshot
                offset = header_end + 1
                continue
            size = int(header[2])
            body = texts[header_end + 1 : header_end + 1 + size]
            offset = header_end + 2 + size
            if len(body) < 2_000_000 and (b"openapi" in body[:4000] or b"swagger" in body[:4000]):
                found.append((f"{mirror.parent.name}:{name}", body.decode("utf-8", "replace")))
    return found


def _parsed(name: str, text: str) -> dict[str, t.Any] | None:
    try:
        document = parse_document(text, "json" if name.endswith(".json") else "yaml", name=name)
    except Exception:
        return None
    return document if "openapi" in document or "swagger" in document else None


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_repo_documents_get_the_validator_verdict(version: str) -> None:
    documents = [
        read_document(ROOT / "specs" / "example_app.yaml"),
        read_document(ROOT / "tests" / "peers" / "openapi.yaml"),
        app_documents(create_app(), version).spec,
        app_documents(shop_app(), version).spec,
    ]
    assert [_disagreement(d) for d in documents] == [None] * len(documents)
    assert all(reference_verdict(d)[0] for d in documents)


@pytest.mark.slow
def test_every_mirror_document_gets_the_validator_verdict() -> None:
    documents = _mirror_documents()  # read here: collecting the fast tests stays fast
    if not documents:
        pytest.skip("no git mirrors under /work/.mirror")
    disagreements = []
    verdicts = set()
    for name, text in documents:
        document = _parsed(name, text)
        if document is None:
            continue
        verdicts.add(reference_verdict(document)[0])
        disagreement = _disagreement(document)
        if disagreement is not None:
            disagreements.append(f"{name}: {disagreement}")
    assert disagreements == []
    assert verdicts == {True, False}  # both kinds of document were met


CORPUS = corpus_paths(Path(os.environ.get("CONTRACTKIT_CORPUS", default_cache())), fetch=False)


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="the corpus is not in its cache (benchmarks/corpus.py)")
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_every_corpus_document_gets_the_validator_verdict(path: Path) -> None:
    assert _disagreement(read_document(path)) is None
