"""``ClientContract``: the contract read from a document, checking the responses a client gets."""

from __future__ import annotations

import threading
import typing as t
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from blinker import Namespace

from ..declare.status_codes import CONDITIONAL_HEADERS, VALID_CODES
from ..errors import ContractViolationError
from ..runtime.bodies import BodyChecks
from ..runtime.body_compiler import BodyCompiler
from ..specfile.depth import run_deep
from ..specfile.parsing import json_model
from ..wire import ORIGINAL_STATUS_HEADER, named_status
from . import statuses
from .compiling import LazyBodies
from .fetching import FETCH_TIMEOUT, fetch
from .operations import ClientOperation, client_operation
from .reading import checked, read_fetched, read_file
from .received import Received, received
from .routes import Routes

R = t.TypeVar("R")

#: Sent with the contract as sender after each response it checked, before a
#: violation is raised: ``operation=`` (a :class:`ClientOperation`, ``None`` for
#: a request no operation matches), ``status=`` (the code the operation
#: answered: a custom code sent as its fallback counts as the custom code) and
#: ``method=``. Contract coverage counts client-checked responses through it.
response_checked = Namespace().signal("contractkit.client-response-checked")


class ClientContract:
    """An API's status-code contract, read from its OpenAPI document, for its clients.

    It answers what a code means (:meth:`standard_status`, :meth:`phrase`)
    from the document alone, and checks responses a client received
    (:meth:`check`) with the same body checker and messages as the server.
    Meant for a client's own test suite and for staging: checking every
    response in production costs a body validation each.

    :param document: an OpenAPI 3.0 or 3.1 (or Swagger 2.0) document, as parsed
        JSON; a copy is kept, made as reading a file makes it (the same depth
        limit; keys and dates as JSON text).
    :param name: what contract coverage calls this API (its ``name``
        attribute); by default the document's ``info.title``. Give the Flask
        app's name (``app.name``) to add the client's records to the server's.
    """

    def __init__(self, document: Mapping[str, t.Any], *, name: str | None = None) -> None:
        label = name or "the document"

        def read() -> dict[str, t.Any]:
            # Copied without recursion, within the limits and with the shape of a read file.
            copy = t.cast(dict[str, t.Any], json_model(dict(document), label))
            return checked(copy, label)

        self._build(read, name, label)

    @classmethod
    def from_file(cls, path: str | Path, *, name: str | None = None) -> ClientContract:
        """The contract of the OpenAPI document in ``path`` (``.json``, ``.yaml``, ``.yml``).

        A Swagger 2.0 document is read as its OpenAPI 3.0.3 conversion.

        :raises ~contractkit.errors.SpecFileError: for a file that cannot be read or
            parsed, is past the reading limits, or is no valid OpenAPI 3.0/3.1
            (or Swagger 2.0) document with local ``$ref`` s only.
        """
        return cls._read(lambda: read_file(path), name, str(path))

    @classmethod
    def from_url(
        cls, url: str, *, name: str | None = None, timeout: float = FETCH_TIMEOUT
    ) -> ClientContract:
        """The contract of the document served at ``url``, such as ``…/openapi.json``.

        Fetched once with ``urllib``, at most 16 MB, following at most 5
        redirects and only to http(s) URLs; no ``$ref`` it holds is ever fetched.

        :param timeout: seconds the whole fetch may take: connecting,
            redirects and every read.
        :raises ~contractkit.errors.SpecFileError: as :meth:`from_file`, and for a URL
            that cannot be fetched in time (the message names every redirect).
        """
        fetched = fetch(url, timeout=timeout)
        return cls._read(lambda: read_fetched(fetched, url), name, url)

    @classmethod
    def _read(
        cls, read: t.Callable[[], dict[str, t.Any]], name: str | None, label: str
    ) -> ClientContract:
        """The contract of the document ``read`` gives; ``label`` names it in errors."""
        contract = cls.__new__(cls)
        contract._build(read, name, label)
        return contract

    def _build(self, read: t.Callable[[], dict[str, t.Any]], name: str | None, label: str) -> None:
        """Read and check the document ``read`` gives, and route its operations.

        The work runs where any document reading accepts can be walked
        (:func:`~contractkit.specfile.depth.run_deep`). Each operation's body
        schemas are compiled when a response to it is first checked
        (:class:`~.compiling.LazyBodies`), which warns then of a body left unchecked.
        """
        run_deep(lambda: self._setup(read(), name, label), label)

    def _setup(self, document: dict[str, t.Any], name: str | None, label: str) -> None:
        """Everything :meth:`check` needs, body checks compiled on first use."""
        info = document.get("info")
        title = info.get("title") if isinstance(info, Mapping) else None
        #: What contract coverage calls this API.
        self.name: str = name or (title if isinstance(title, str) and title else "client")
        #: The document, as read (a private copy).
        self.document = document
        self._customs = statuses.custom_codes(document)
        compiler = BodyCompiler(document)
        lock = threading.Lock()

        def lazy(make: t.Callable[[], BodyChecks]) -> LazyBodies:
            return LazyBodies(make, compiler, lock, label=label, name=lambda: self.name)

        self._routes: Routes[ClientOperation] = Routes(
            document,
            lambda method, path, operation: client_operation(
                method, path, operation, compiler, self._customs, lazy
            ),
        )

    @property
    def custom_codes(self) -> Mapping[int, statuses.CustomCode]:
        """The document's custom codes, by code, each with its phrase and fallback."""
        return self._customs

    @property
    def operations(self) -> tuple[ClientOperation, ...]:
        """Every operation of the document, as :meth:`check` holds responses to it."""
        return self._routes.values

    def standard_status(self, code: int) -> int:
        """The code a client without special handling should act on when it receives ``code``.

        A standard code is itself; a custom code is its fallback from the
        document (``x-status-codes``, ``x-fallback``), else the x00 of its
        class (RFC 9110 §15); a code outside 100-599 is 500.
        """
        return statuses.standard_status(code, self._customs)

    def phrase(self, code: int) -> str | None:
        """The reason phrase of ``code``: the document's for a custom code, else IANA's.

        ``None`` for a code neither names.
        """
        return statuses.phrase(code, self._customs)

    def check(self, response: R, **hook_options: object) -> R:
        """Raise :class:`~contractkit.errors.ContractViolationError` if ``response`` breaks it.

        ``response`` is a ``requests.Response`` or an ``httpx.Response``; it is
        returned as it is, so ``check`` serves as a requests response hook
        (``session.hooks["response"].append(contract.check)``) and an httpx
        event hook (``httpx.Client(event_hooks={"response": [contract.check]})``;
        use :meth:`acheck` with ``httpx.AsyncClient``). The operation is the
        one the request's method and URL match (the document's server paths and
        path templates); the response breaks it when its status is not
        declared, a header its status declares required is missing, or its
        body does not match the declared media type and schema.

        :param hook_options: what requests passes to a hook (``timeout=``,
            ``verify=``...); ignored.
        """
        self._check(received(response))
        return response

    async def acheck(self, response: R) -> R:
        """:meth:`check` as an ``httpx.AsyncClient`` event hook: reads the body first."""
        aread = getattr(response, "aread", None)
        if aread is not None:
            await aread()
        return self.check(response)

    def _check(self, got: Received) -> None:
        method = got.method
        found = self._routes.request_match(method, got.url)
        operation = found[0] if found is not None else None
        bodies = method != "HEAD"
        status = got.status
        if operation is None:
            if response_checked.receivers:
                response_checked.send(self, operation=None, status=status, method=method)
            if method == "OPTIONS":
                return  # answered by the server's framework, documented or not
            servers = ", ".join(prefix or "/" for prefix in self._routes.servers)
            raise ContractViolationError(
                "undocumented-operation",
                f"{method} {_path(got.url)}",
                status,
                f"the request matches no operation of the document (server paths: {servers})",
                path=_path(got.url),
            )
        if response_checked.receivers:
            response_checked.send(
                self, operation=operation, status=_answered(operation, got), method=method
            )
        problem = _problem(operation, got, bodies)
        if problem is not None:
            kind, detail = problem
            declared = tuple(sorted(operation.codes))
            raise ContractViolationError(
                kind, operation.name, status, detail, declared=declared, path=_path(got.url)
            )


def _problem(operation: ClientOperation, got: Received, bodies: bool) -> tuple[str, str] | None:
    """What is wrong with ``got`` as an answer of ``operation``, as ``(kind, detail)``.

    A fallback sent in place of a custom code (named in the original-status
    header) is checked against that code's response, body and headers.
    """
    status = got.status
    key: int | str = _answered(operation, got)
    if status not in operation.codes:
        catch_all = operation.catch_all(status)
        if catch_all is None and _revalidates(operation, got):
            return None
        if catch_all is None:
            listed = ", ".join(map(str, sorted(operation.codes)))
            detail = (
                f"it answered {status}, which its contract does not declare (declared: {listed})"
            )
            if status not in VALID_CODES:
                detail += "; clients read codes outside 100-599 as server errors"
            return ("undeclared-status", detail)
        key = catch_all
    body = operation.bodies.get(key) if bodies else None
    if body is not None:
        problem = body.received_problem(
            got.headers.get("Content-Type"), got.content, has_location="Location" in got.headers
        )
        if problem is not None:
            return problem
    missing = [name for name in operation.headers.get(key, ()) if name not in got.headers]
    if missing:
        response = f"status {key}" if isinstance(key, int) else f"response {key}"
        return (
            "missing-header",
            f"it answered {status} without the header(s) {', '.join(missing)} that "
            f"{response} declares required",
        )
    return None


def _revalidates(operation: ClientOperation, got: Received) -> bool:
    """Whether undeclared ``got`` is HTTP machinery standing for a declared answer.

    As the server's check has it: a 304 answering a conditional GET or HEAD of
    an operation that declares a 2xx, a 206 answering a ``Range`` request to one
    that declares 200 (RFC 9110 §13.1, §14, §15.3.7).
    """
    if operation.method != "GET":
        return False
    headers = got.request_headers
    if got.status == 304:
        return any(200 <= code < 300 for code in operation.codes) and any(
            name in headers for name in CONDITIONAL_HEADERS
        )
    return got.status == 206 and 200 in operation.codes and "Range" in headers


def _answered(operation: ClientOperation, got: Received) -> int:
    """The code the operation answered: a custom code sent as its fallback counts as itself."""
    original = named_status(got.headers.get(ORIGINAL_STATUS_HEADER))
    if original is not None and operation.fallbacks.get(original) == got.status:
        return original
    return got.status


def _path(url: str) -> str:
    return urlsplit(url).path or "/"
