"""The stub itself: a WSGI app answering each request as the document promises.

Routing is :class:`~contractkit.client.routes.Routes`, the same server paths
and path templates :class:`~contractkit.ClientContract` matches responses
with. Custom codes go out with their phrase, or as their documented fallback
when the client sends ``Prefer: status-fallback``, through the server's own
:class:`~contractkit.runtime.status_lines.StatusLines`.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import typing as t
import warnings
from collections.abc import Iterable, Mapping

from werkzeug.wrappers import Request, Response

from ..client import ClientContract
from ..client.routes import Routes
from ..declare.registry import CustomStatus
from ..declare.status_codes import STANDARD_PHRASES
from ..errors import ExampleWarning, SpecFileError
from ..http import BODYLESS, PATH_ITEM_METHODS
from ..problem import problem_response
from ..runtime.body_compiler import BodyCompiler
from ..runtime.status_lines import StatusLines, preferences
from .generation import GenerationError
from .inputs import Errors, InputCheck
from .responses import Answer, MockOperation, mock_operation

_log = logging.getLogger("contractkit.mock")
#: Generated bodies kept for requests that come again.
_BODIES_KEPT: t.Final = 4096
#: A code a client may ask for with ``Prefer: code=``: a final response's (RFC 9110 §15).
_CODE = re.compile(r"[2-5][0-9][0-9]")

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


class MockApp:
    """A WSGI app serving ``contract``'s document: every operation, every declared code.

    Build it with :func:`contractkit.mock.app`. Choose a response with
    ``Prefer``: ``code=461``, ``example=NAME``, ``dynamic=true``,
    ``status-fallback``.

    :param custom_codes_rate: the share of requests (0-1) that ask for no code
        and are answered with one of the operation's custom codes instead (or
        its fallback, for clients that ask for it), each choice logged on the
        ``contractkit.mock`` logger.
    :param seed: seeds those choices and every generated body, so that a run
        repeats; another seed gives other bodies and choices.

    :raises ~contractkit.errors.SpecFileError: when a declared body has neither
        an example nor a schema a body can be generated from, naming each.
    """

    def __init__(
        self, contract: ClientContract, *, custom_codes_rate: float = 0.0, seed: int = 0
    ) -> None:
        if not 0.0 <= custom_codes_rate <= 1.0:
            raise ValueError(f"custom_codes_rate is {custom_codes_rate}; give a share in 0-1")
        self.contract = contract
        self._rate = custom_codes_rate
        self._seed = seed
        # One stream of draws for the whole stub, in request order: a run repeats.
        self._draws = random.Random(seed)
        self._lock = threading.Lock()
        #: Generated bodies by (body, seed): the same request is answered by a lookup.
        self._made: dict[tuple[int, str], bytes] = {}
        document = contract.document
        self._document = document
        compilers = (BodyCompiler(document), BodyCompiler(document, requests=True))
        self._routes: Routes[MockOperation] = Routes(
            document,
            lambda method, path, operation: mock_operation(*compilers, method, path, operation),
        )
        self._checks = {operation.name: operation for operation in contract.operations}
        customs = contract.custom_codes
        self._phrases = {code: custom.phrase or "Unknown" for code, custom in customs.items()}
        self._fallbacks = StatusLines(
            (
                CustomStatus(code, self._phrases[code], custom.documented_fallback)
                for code, custom in customs.items()
                if custom.documented_fallback is not None
            ),
            "on-request",
        )
        self._check_bodies()

    def _check_bodies(self) -> None:
        """Name each body that cannot be served, and warn of each example left out.

        An example that breaks its schema is never served: a body generated
        from the schema stands in, with an :class:`~contractkit.errors.ExampleWarning`
        naming it. Only where nothing can stand in does the stub refuse to start.
        """
        problems: list[str] = []
        skipped: list[str] = []
        for operation in self._routes.values:
            for answer in (*operation.answers.values(), *operation.covering.values()):
                skipped.extend(answer.bad_header_examples)
                body = answer.body
                if body is None:
                    continue
                if body.ungenerable is not None and not body.examples:
                    refused = "".join(f"; its {line}" for line in body.refused.values())
                    where = f"{operation.name} {answer.code} ({body.media_type})"
                    problems.append(f"{where}: {body.ungenerable}{refused}")
                else:
                    skipped.extend((*body.refused.values(), *body.bad_schema_examples))
        name = self.contract.name
        if problems:
            raise SpecFileError(
                f"{name}: no response body can be generated for {len(problems)} "
                "response(s); give each a valid example or fix its schema:\n"
                + "\n".join(f"- {problem}" for problem in problems)
            )
        if skipped:
            lines = list(dict.fromkeys(skipped))
            warnings.warn(
                f"{name}: {len(lines)} documented example(s) break their schema; the stub "
                "serves bodies generated from the schema in their place:\n"
                + "\n".join(f"- {line}" for line in lines),
                ExampleWarning,
                stacklevel=3,
            )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: Request) -> Response:
        """The answer to ``request``."""
        method = request.method
        found = self._routes.request_match(method, request.path)
        if found is None:
            return self._unrouted(method, request.path)
        operation, variables = found
        errors = operation.inputs.problems(request, variables)
        if errors:
            return self._input_error(operation, request, errors)
        preferred = preferences(request.headers.getlist("Prefer"))
        code = operation.default
        asked = preferred.get("code")
        if asked is not None:
            code = int(asked) if _CODE.fullmatch(asked) else None
            if code is None or operation.answer(code) is None:
                return _problem(
                    400,
                    f"{operation.name} declares no response {asked!r}, and no 4XX-style "
                    "range or default response that covers it",
                    declared=_declared(operation),
                )
        elif self._rate:
            code = self._drawn(operation, request, code)
        if code is None:
            return _problem(501, f"{operation.name} declares no status code", declared=[])
        answer = operation.answer(code)
        assert answer is not None  # operation.default and drawn codes are declared
        seed = f"{self._seed} {method} {request.full_path}"
        response = Response(status=code)
        if answer.body is not None and method != "HEAD" and code not in BODYLESS:
            data = self._body(answer, preferred, seed)
            if isinstance(data, Response):
                return data
            response.set_data(data)
            response.content_type = answer.body.media_type
        for name in answer.headers:
            response.headers[name] = answer.header_value(self._document, name, f"{seed} {name}")
        if code in self._fallbacks.customs:
            self._fallbacks.apply(response, request, self._fallbacks.customs[code])  # type: ignore[arg-type]
        elif code in self._phrases:
            response.status = f"{code} {self._phrases[code]}"
        return response

    def _drawn(self, operation: MockOperation, request: Request, code: int | None) -> int | None:
        """A custom code of ``operation`` on the share of requests the rate asks for; logged."""
        customs = [answer for answer in operation.answers if answer in self._phrases]
        if not customs:
            return code
        with self._lock:
            if self._draws.random() >= self._rate:
                return code
            drawn = self._draws.choice(customs)
        _log.info(
            "%s %s: answered custom code %d (custom codes rate %s, seed %d)",
            request.method,
            request.full_path.rstrip("?"),
            drawn,
            self._rate,
            self._seed,
        )
        return drawn

    def _input_error(self, operation: MockOperation, request: Request, errors: Errors) -> Response:
        """The contract's input error, as the real app in strict mode answers it.

        422 or 400 (:attr:`~.responses.MockOperation.input_error`). Where the
        operation declares no response for invalid input: a path that only its
        variables break is 404, as a Flask app's URL converters answer it
        before any view or check runs; anything else is the 500 a strict
        server sends for the undeclared 422, naming it.
        """
        detail = f"{operation.name}: {InputCheck.describe(errors)}"
        code = operation.input_error
        if code is None and set(errors) == {"path"}:
            return self._declared(
                operation, request, 404, _problem(404, detail, errors=errors), detail
            )
        if code is None:
            _log.warning("%s %s: %s", request.method, request.path, detail)
            return _problem(
                500,
                f"{detail}. The operation declares no response for invalid input (422, "
                "400, 4XX or default): the real server, in strict mode, answers the "
                "undeclared 422 with this 500.",
                violation="undeclared-status",
                returned_status=422,
                declared_statuses=_declared(operation),
                errors=errors,
            )
        return self._declared(
            operation, request, code, _problem(code, detail, errors=errors), detail
        )

    def _declared(
        self, operation: MockOperation, request: Request, code: int, problem: Response, detail: str
    ) -> Response:
        """``problem``, where ``code``'s declared body accepts it (or ``code`` is undeclared).

        Else the declared body of that code (its example, or generated; none
        where it declares none), so that the answer still keeps the contract;
        the problem is then in the log only.
        """
        answer = operation.answer(code)
        if answer is None:
            return problem
        if answer.body is None:
            _log.info("%s %s: %s", request.method, request.path, detail)
            return Response(status=code)
        check = self._checks[operation.name].body_check(answer.code)
        verdict = (
            check.received_problem(problem.content_type, problem.get_data(), has_location=False)
            if check is not None
            else None
        )
        if verdict is None:
            return problem
        _log.info("%s %s: %s", request.method, request.path, detail)
        declared = Response(status=code)
        data = self._body(answer, {}, f"{self._seed} {request.method} {request.full_path}")
        if isinstance(data, Response):
            return data
        declared.set_data(data)
        declared.content_type = answer.body.media_type
        return declared

    def _body(self, answer: Answer, preferred: Mapping[str, str], seed: str) -> bytes | Response:
        """The body of ``answer``: the example asked for, the first example, or generated."""
        body = answer.body
        assert body is not None
        name = preferred.get("example")
        if name is not None:
            if name in body.refused:
                return _problem(
                    400,
                    f"response {answer.code}'s example {name!r} breaks its schema, and is not "
                    f"served: {body.refused[name]}",
                    examples=sorted(body.examples),
                )
            if name not in body.examples:
                return _problem(
                    400,
                    f"response {answer.code} has no example named {name!r}",
                    examples=sorted(body.examples),
                )
            return body.encode(body.examples[name])
        dynamic = preferred.get("dynamic", "").lower() == "true"
        if body.examples and (not dynamic or body.ungenerable is not None):
            return body.encode(next(iter(body.examples.values())))
        key = (id(body), seed)
        made = self._made.get(key)
        if made is not None:
            return made
        try:
            made = body.encode(body.generated(self._document, seed))
        except GenerationError as error:  # checked at start-up; a seed cannot change that
            return _problem(500, f"no body can be generated for response {answer.code}: {error}")
        if len(self._made) >= _BODIES_KEPT:
            self._made.clear()  # a bound, not an LRU: repeated requests refill it at once
        self._made[key] = made
        return made

    def _unrouted(self, method: str, path: str) -> Response:
        """404 for a path no operation has, 405 for one other methods have."""
        found = [
            (candidate.upper(), operation)
            for candidate in PATH_ITEM_METHODS
            if (operation := self._routes.find(candidate.upper(), path)) is not None
        ]
        if found:
            allowed = ", ".join(other for other, _ in found)
            response = _problem(
                405,
                f"{path} answers {allowed}, not {method}",
                operations=[operation.name for _, operation in found],
            )
            response.headers["Allow"] = allowed
            return response
        return _problem(
            404,
            f"no operation of the document matches {path}",
            operations=[operation.name for operation in self._routes.values],
        )


def _declared(operation: MockOperation) -> list[int | str]:
    """The codes and covering keys (``4XX``, ``default``) ``operation`` declares."""
    return [*sorted(operation.answers), *operation.covering]


def _problem(status: int, detail: str, **members: t.Any) -> Response:
    return problem_response(status, detail, title=STANDARD_PHRASES.get(status), **members)
