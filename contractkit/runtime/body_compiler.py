"""The document's response schemas compiled into body checks, once per schema.

The server's tables (:func:`compile_body_checks`) and :mod:`contractkit.client`
(:func:`operation_body_checks`) build theirs here; a schema that cannot be
compiled is named, with the compiler's reason, in :attr:`BodyCompiler.unchecked`.
"""

from __future__ import annotations

import json
import typing as t
import warnings

from ..declare.operations import Contract
from ..errors import BodyCheckWarning
from ..http import BODYLESS, OPENAPI_METHODS
from ..specfile.locations import follow
from ..wire import may_be_json
from .bodies import BodyCheck, BodyChecks, FallbackBodyCheck, SchemaCheck
from .body_messages import DOCUMENT_NULL_HINT, NULL_HINT
from .schema_types import typed_decoder
from .schemas import SchemaCompiler


def compile_body_checks(
    contract: Contract, *documents: t.Mapping[str, t.Any]
) -> tuple[dict[tuple[str, str], BodyChecks], list[str]]:
    """A :class:`BodyCheck` per code that declares a body, by ``(endpoint, method)``.

    Range and ``default`` responses of a spec-driven app's document are
    keyed by their own key (``"4XX"``, ``"default"``).

    :param documents: the app's OpenAPI documents, whose schemas the checks use,
        each operation its own (:attr:`~.operations.Operation.document`); local
        ``$ref`` s to responses and media types are followed.
    :return: the checks, and a line for each declared body that goes
        unchecked because its schema cannot be compiled.
    """
    # A spec-driven app's operations come from its document: fixes belong there.
    from_document = any(op.document_path is not None for op in contract.operations)
    compilers = [BodyCompiler(document, from_document=from_document) for document in documents]
    checks: dict[tuple[str, str], BodyChecks] = {}
    for op in contract.operations:
        if op.method not in OPENAPI_METHODS:
            continue  # in no document (``PURGE``): its codes are checked, not its bodies
        compiler = compilers[op.document]
        document = compiler.document
        item = _at(document, document["paths"][op.path])
        keys: list[int | str] = [*op.responses, *(c.key for c in op.catch_alls)]
        fallbacks = {code: r.fallback for code, r in op.responses.items() if r.fallback}
        checks.setdefault((op.endpoint, op.method), {}).update(
            operation_body_checks(
                compiler,
                _at(document, item[op.method.lower()]["responses"]),
                keys,
                fallbacks,
                op.name,
                from_document=from_document,
            )
        )
    return checks, [line for compiler in compilers for line in compiler.unchecked]


def operation_body_checks(
    compiler: BodyCompiler,
    responses: t.Mapping[str, t.Any],
    keys: t.Iterable[int | str],
    fallbacks: t.Mapping[int, int],
    name: str,
    *,
    from_document: bool = False,
) -> BodyChecks:
    """The body checks of one operation's ``responses`` (a document's responses object).

    Flask-free: the server's tables and :mod:`contractkit.client` both build theirs here.

    :param keys: the codes (and ``"4XX"``/``"default"`` keys) to check bodies of.
    :param fallbacks: each custom code's fallback: a fallback sent in place of the
        custom code carries the same body, unless the operation lists it itself.
    :param name: the operation as messages name it, ``GET /items``.
    :param from_document: whether fixes belong in the document rather than in
        decorators (a spec-driven app).
    """
    document = compiler.document
    by_code: BodyChecks = {}
    own: dict[int, BodyCheck] = {}
    keys = list(keys)
    for key in keys:
        if key in BODYLESS:
            continue  # never a body; werkzeug sends none
        content = _at(document, responses[str(key)]).get("content") or {}
        validators = {}
        for media_type, media in content.items():
            schema = _at(document, media).get("schema")
            validators[media_type] = (
                compiler.compile(schema, f"{name} {key} {media_type}")
                if may_be_json(media_type) and schema is not None
                else None
            )
        check = BodyCheck(key, validators, operation=name if from_document else None)
        by_code[key] = check
        if isinstance(key, int):
            own[key] = check
    for fallback in set(fallbacks.values()) - set(keys):
        # Sent in place of a custom code: checked as the code it stands for.
        stands_for = {
            code: own[code]
            for code, to in sorted(fallbacks.items())
            if to == fallback and code in own
        }
        if len(stands_for) == 1:
            by_code[fallback] = next(iter(stands_for.values()))
        elif stands_for:
            by_code[fallback] = FallbackBodyCheck(fallback, stands_for)
    return by_code


def _at(document: t.Mapping[str, t.Any], node: object) -> t.Any:
    """``node`` with its ``$ref`` s followed, as the document's shape it must have."""
    return follow(document, node)


class BodyCompiler:
    """Compiles one document's schemas once each; keeps a line for each body left unchecked."""

    def __init__(
        self,
        document: t.Mapping[str, t.Any],
        *,
        from_document: bool = False,
        requests: bool = False,
    ) -> None:
        """:param requests: compile request schemas (``readOnly`` properties not required),
        not response schemas (``writeOnly`` ones not required)."""
        #: The document whose local ``$ref`` s are followed.
        self.document = document
        self._null_hint = DOCUMENT_NULL_HINT if from_document else NULL_HINT
        version = str(document.get("openapi", "3.1.0"))
        components = document.get("components", {}).get("schemas", {})
        self._schemas = SchemaCompiler(version, components, document, requests=requests)
        self._cache: dict[str, SchemaCheck | str] = {}
        #: "GET /x 200 application/json: why", for each body that cannot be checked.
        self.unchecked: list[str] = []

    def compile(self, schema: t.Mapping[str, t.Any], where: str) -> SchemaCheck | None:
        """The check of ``schema``, or ``None`` with a line in :attr:`unchecked`.

        :param where: the body, for that line: ``GET /x 200 application/json``.
        """
        key = json.dumps(schema, sort_keys=True)
        if key not in self._cache:
            try:
                compiled = self._schemas.compile(schema)
            except Exception as error:  # what jsonschema-rs or regress say is wrong
                reason = str(error).strip().splitlines()[0][:200] or type(error).__name__
                self._cache[key] = reason
            else:
                decoder = typed_decoder(compiled.adapted, self._schemas.resolve)
                self._cache[key] = SchemaCheck(
                    compiled.validator,
                    decoder,
                    recursive=compiled.recursive,
                    null_hint=self._null_hint,
                )
        check = self._cache[key]
        if isinstance(check, str):
            ref = schema.get("$ref")
            named = f" (schema {ref})" if isinstance(ref, str) else ""
            self.unchecked.append(f"{where}{named}: {check}")
            return None
        return check


def unchecked_message(unchecked: t.Sequence[str], app_name: str) -> str:
    """Which declared bodies go unchecked, each with its schema and the compiler's reason."""
    count = len(unchecked)
    return (
        f"app {app_name!r}: {count} declared response "
        f"bod{'y is' if count == 1 else 'ies are'} not checked, because "
        f"{'its schema' if count == 1 else 'their schemas'} cannot be compiled into a "
        "validator: " + "; ".join(unchecked)
    )


def warn_unchecked(unchecked: t.Sequence[str], app_name: str) -> None:
    """One :class:`~contractkit.errors.BodyCheckWarning` naming every body left unchecked.

    Issued with a registry of its own, so Python's "once per location" filter
    never hides it: each start-up that builds the check says it again.
    """
    if not unchecked:
        return
    message = unchecked_message(unchecked, app_name)
    warnings.warn_explicit(message, BodyCheckWarning, __file__, 0, module=__name__, registry={})
