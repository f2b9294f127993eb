"""The generated document's validation: openapi-spec-validator's verdict, without its cost.

:func:`validate_document` asks :func:`~contractkit.specfile.validator_rules.quick_check`
first: the validator's JSON Schema and rules over the plain dict. Where that
is unsure (a problem, or something it does not model), openapi-spec-validator
itself runs and has the last word, so the errors are exactly its errors, with
its messages. A document found valid is remembered (by a digest of its text),
so an identical document built again in the same process, by the next app of
a test suite, is not checked again.
"""

from __future__ import annotations

import hashlib
import typing as t
from collections.abc import Mapping

from ..errors import SpecError
from ..specfile.validator_rules import Unsure, quick_check

#: Digests of the documents found valid in this process. Bounded: a process
#: builds few distinct documents, but a long-lived one must not grow.
_VALID_DOCUMENTS: set[bytes] = set()
_MAX_REMEMBERED = 4096


def validate_document(document: Mapping[str, t.Any], text: str) -> None:
    """Raise :class:`~contractkit.errors.SpecError` if ``document`` is not valid OpenAPI 3.0/3.1.

    :param text: the document as JSON (see :func:`.documents.snapshot`), whose
        digest identifies it among the documents already found valid.
    """
    # SHA-256 rather than BLAKE2b: CPUs with SHA extensions (most current x86 and
    # ARM ones) hash a document twice as fast with it.
    digest = hashlib.sha256(text.encode()).digest()
    if digest in _VALID_DOCUMENTS:
        return
    version = document.get("openapi")
    try:
        if "swagger" in document or not isinstance(version, str):
            raise Unsure
        if not version.startswith(("3.0.", "3.1.")):
            raise Unsure
        quick_check(document, "3.0" if version.startswith("3.0.") else "3.1", text=text)
    except Unsure:
        _full_check(document)
    if len(_VALID_DOCUMENTS) >= _MAX_REMEMBERED:
        _VALID_DOCUMENTS.clear()
    _VALID_DOCUMENTS.add(digest)


def _full_check(document: Mapping[str, t.Any]) -> None:
    # Imported here: it brings jsonschema-path and requests, which the quick check
    # does not need, and `contractkit export` should not load for nothing.
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        validate(document)
    except OpenAPIValidationError as error:
        raise SpecError(
            f"the generated OpenAPI document is invalid: {error.message}. Check the "
            "declarations and CONTRACTKIT_* settings it was built from."
        ) from error
