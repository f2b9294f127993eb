"""The request hooks' tables, built from one contract in one pass: input parsers and serializers.

Both are keyed by ``(endpoint, request method)``, the way a request finds them
with one dict lookup, and both key an operation under every method its
requests come as (:func:`~contractkit.declare.targets.request_methods`:
``HEAD`` beside ``GET``), so a ``HEAD`` request is parsed and dumped exactly
as its ``GET`` is.
"""

from __future__ import annotations

import typing as t

from marshmallow import Schema

from ..declare.operations import Contract
from ..declare.targets import request_methods
from ..kept import Kept
from .inputs import InputParser
from .serializing import SerializerTable, response_schemas


class HookTables(t.NamedTuple):
    """What the ``before_request`` input hook and the serialising ``make_response`` read."""

    #: The parser of each operation that declares input (``@accepts``).
    parsers: dict[tuple[str, str], InputParser]
    #: The schemas each operation's return values are dumped through (``serialize``).
    serializers: SerializerTable


#: Tables by contract: apps built from the same declarations share them, as
#: requests do (a schema is stateless while it loads or dumps).
_kept: Kept[t.Hashable, HookTables] = Kept()


def hook_tables(contract: Contract, error_status: int, serialize: bool) -> HookTables:
    """The hook tables of ``contract``, kept per distinct contract and settings.

    :param error_status: ``CONTRACTKIT_INPUT_ERROR_STATUS``, what invalid input answers.
    :param serialize: ``CONTRACTKIT_SERIALIZE``, for declarations that leave
        ``serialize`` out.
    """

    def make() -> HookTables:
        # One instance per schema class: making one copies every field.
        instances: dict[type[Schema], Schema] = {}
        tables = HookTables({}, {})
        for op in contract.operations:
            parser = InputParser(op.inputs, error_status, instances) if op.inputs else None
            schemas = response_schemas(op, serialize, instances)
            for method in request_methods(op.method):
                if parser is not None:
                    tables.parsers[(op.endpoint, method)] = parser
                if schemas:
                    tables.serializers[(op.endpoint, method)] = schemas
        return tables

    key = None if contract.source is None else (contract.source, error_status, serialize)
    return _kept.get_or_make(key, make)
