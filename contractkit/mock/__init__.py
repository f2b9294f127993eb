"""A stub server that speaks a document's contract, custom codes and fallbacks included."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from pathlib import Path

from ..client import ClientContract
from .server import MockApp

__all__ = ["MockApp", "app"]


def app(
    spec: str | Path | Mapping[str, t.Any] | ClientContract,
    *,
    custom_codes_rate: float = 0.0,
    seed: int = 0,
) -> MockApp:
    """A WSGI app answering every operation of ``spec`` as its document promises.

    :param spec: a document's path (OpenAPI 3.0/3.1 or Swagger 2.0, JSON or
        YAML), the parsed document, or a :class:`~contractkit.ClientContract`.
    :param custom_codes_rate: the share of requests answered with a custom code
        of their operation (see :class:`~contractkit.mock.server.MockApp`).
    :param seed: seeds which requests those are, and the bodies generated.
    :raises ~contractkit.errors.SpecFileError: for a document ``contractkit check``
        would refuse to read, or with a body that cannot be generated.
    """
    if isinstance(spec, ClientContract):
        contract = spec
    elif isinstance(spec, Mapping):
        contract = ClientContract(spec)
    else:
        contract = ClientContract.from_file(spec)
    return MockApp(contract, custom_codes_rate=custom_codes_rate, seed=seed)
