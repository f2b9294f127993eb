"""Quart: the same contract on Flask's async twin, through Quart's own hooks and objects.

Quart (≥ 0.19) builds on Flask's sans-IO app, so the contract, the documents
and the checks read its routes, views and config as they read Flask's. What
differs is here: its hooks may be coroutines, its request is its own context
variable, and a response's body is awaited. The response check is an async
``after_request`` hook, which Quart, like Flask, runs for error-handler
responses too.

What is checked:

- every HTTP response's status code, headers declared required, and the
  custom-code status line (``Prefer: status-fallback``);
- the body of a response Quart holds in memory (a ``str``, ``bytes``, ``dict``
  or ``jsonify`` return); a streamed body (an async generator) or a file is
  never buffered to be checked, as on Flask;
- nothing of a ``websocket`` route, which is no HTTP operation.
"""

from __future__ import annotations

import functools
import inspect
import typing as t

from quart import (
    Blueprint,
    Quart,
    Response,
    current_app,
    has_request_context,
    request,
    send_from_directory,
    url_for,
)
from quart.wrappers.response import DataBody
from werkzeug.exceptions import HTTPException

from ..errors import DeclarationError
from ..openapi.serving import Framework, publishing_blueprint
from ..runtime.aborting import install_aborter
from ..runtime.json_errors import base_class_handler, install_json_errors, problem_answer
from ..runtime.serializing import dumped
from ..wire import FORM_MEDIA_TYPES
from .flask_hooks import RequestHooks, late_input_message
from .shared import start_state

if t.TYPE_CHECKING:
    from ..extension import ContractKit


def init_quart(kit: ContractKit, app: Quart, spec: t.Any) -> None:
    """Publish ``app``'s contract, validate declared inputs, and check every response."""
    state = start_state(
        kit.registry,
        app,
        spec,
        request._get_current_object,  # type: ignore[attr-defined]
        readable_response,
    )
    settings = state.settings
    hooks = QuartHooks(app, settings, state.contract)
    state.hooks = hooks
    hooks.install()
    app.register_blueprint(publishing_blueprint(settings, QUART))
    install_aborter(app, kit.registry)  # quart.abort uses the app's aborter, as Flask's does
    if settings.json_errors:
        install_json_errors(app, problem_for)
    check = state.finish_response

    async def finish_response(response: t.Any) -> t.Any:
        # The checker reads a Quart response's status and headers as they are; it
        # asks readable_response for a view of it only where it reads the body.
        return check(response)

    app.after_request(finish_response)


def readable_response(response: t.Any) -> t.Any:
    """A Quart response as a :class:`ResponseView`; an error handler's Werkzeug one as it is."""
    return ResponseView(response) if isinstance(response, Response) else response


class ResponseView:
    """A Quart response as the core's checks read a Werkzeug one.

    Made only where a body is checked or a response reported: its status and
    headers are the response's own. Its body is the bytes Quart holds in
    memory, or, for a streamed or file body, none: such a body is never
    buffered to be checked.
    """

    __slots__ = ("_response", "headers", "is_streamed", "response")

    #: Werkzeug's flag for a body passed through untouched; Quart's is its body's type.
    direct_passthrough = False

    def __init__(self, response: Response) -> None:
        self._response = response
        self.headers = response.headers  # read by every body check: no __getattr__ for it
        body = response.response
        if isinstance(body, DataBody):
            self.response: list[bytes] | None = [body.data]
            self.is_streamed = False
        else:
            self.response = None
            self.is_streamed = True

    def get_data(self) -> bytes:
        """The body held in memory; empty for a stream (never read here)."""
        return self.response[0] if self.response else b""

    def close(self) -> None:
        """Nothing to release: a replaced stream is never started."""

    def __getattr__(self, name: str) -> t.Any:
        # status_code, mimetype, content_length: the response's own.
        return getattr(self._response, name)


class QuartHooks(RequestHooks):
    """Quart's hooks: input validated once its body is awaited, values dumped in ``make_response``.

    Quart's ``make_response`` is a coroutine; the dumping one awaits it, as
    Flask's calls Flask's.
    """

    #: Whether the contract was first built while serving a request, too late for input.
    _built_serving = False

    def _register_input_hook(self) -> None:
        self._app.before_request(self.parse_awaited_inputs)
        self._input_hook = True

    async def parse_awaited_inputs(self) -> t.Any:
        """``before_request`` hook: await the body, then validate declared inputs."""
        if self._tables is None:
            self._contract()
        parsers = self._tables.parsers if self._tables is not None else None
        if not parsers:
            return None
        current = request._get_current_object()  # type: ignore[attr-defined]
        parser = parsers.get((current.endpoint or "", current.method))
        if parser is None:
            return None
        read = await AwaitedRequest.read(current, parser.locations)
        return parser.parse(read)  # type: ignore[arg-type]

    def _register_input_hook_late(self, endpoints: str) -> None:
        # Quart, unlike Flask, takes hooks after its first request; but a contract first
        # built while serving one let that request's input through unvalidated.
        self._built_serving = self._built_serving or has_request_context()
        if self._built_serving:
            raise DeclarationError(late_input_message(self._app.name, endpoints))
        self._register_input_hook()

    def _install_serializer(self) -> None:
        # Quart's own make_response, this app's only, dumping first as Flask's does.
        app = t.cast(Quart, self._app)
        make_response = app.make_response
        serializers = self._serializers

        async def dumping_make_response(rv: t.Any) -> t.Any:
            if has_request_context():
                rv = dumped(serializers(), request.endpoint, request.method, rv)
            return await make_response(rv)

        app.make_response = dumping_make_response  # type: ignore[method-assign,assignment]
        self._serializing = True

    def _serving(self) -> bool:
        return has_request_context()


class AwaitedRequest:
    """A Quart request with its body read, as the input parser reads Flask's."""

    __slots__ = ("_json", "args", "form", "mimetype", "view_args")

    def __init__(self, current: t.Any, form: t.Any, json_body: t.Any) -> None:
        self.args = current.args
        self.mimetype = current.mimetype
        self.view_args = current.view_args
        self.form = form
        self._json = json_body

    @classmethod
    async def read(cls, current: t.Any, locations: t.Container[str]) -> AwaitedRequest:
        """``current``, its form or JSON body awaited where inputs are declared there.

        A JSON body nested past the recursion limit raises ``RecursionError``
        when it is parsed: it is raised again where the parser reads the body,
        which answers it as malformed input.
        """
        form = json_body = None
        if "form" in locations and current.mimetype in FORM_MEDIA_TYPES:
            form = await current.form
        if "json" in locations:
            try:
                json_body = await current.get_json(silent=True)
            except RecursionError as error:
                json_body = error
        return cls(current, form, json_body)

    def get_json(self, silent: bool = False) -> t.Any:
        if isinstance(self._json, RecursionError):
            raise self._json
        return self._json


async def problem_for(error: HTTPException) -> t.Any:
    """Quart's handler of HTTP errors: the app's own for a base class, else problem+json."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    own = base_class_handler(app, request.blueprints, error)
    if own is not None:
        return await app.ensure_async(own)(error)
    return problem_answer(error)


problem_for.answers_problems = True  # type: ignore[attr-defined]


def _coroutine_view(view: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """``view`` as a Quart view: a coroutine function, awaiting what it answers if need be."""

    @functools.wraps(view)
    async def run(**kwargs: t.Any) -> t.Any:
        answer = view(**kwargs)  # send_from_directory's is a coroutine
        return await answer if inspect.isawaitable(answer) else answer

    return run


#: How contractkit's own routes (:mod:`contractkit.openapi.serving`) run on Quart.
QUART = Framework(
    blueprint=Blueprint,
    response=Response,
    current_app=current_app._get_current_object,  # type: ignore[attr-defined]
    current_request=request._get_current_object,  # type: ignore[attr-defined]
    url_for=url_for,
    send_from_directory=send_from_directory,
    view=_coroutine_view,
)


def quart_script_info() -> type[t.Any]:
    """Quart's ``ScriptInfo``: how ``quart`` loads an app, for the commands' ``--app``."""
    from quart.cli import ScriptInfo

    return ScriptInfo


def quart_request_finished() -> t.Any:
    """Quart's ``request_finished`` signal, which listeners of finished responses hear."""
    from quart.signals import request_finished

    return request_finished
