"""The ``CONTRACTKIT_*`` config keys, their defaults, and how they are checked.

Internal: the keys are public (listed in :meth:`ContractKit.init_app`), this module is not.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from flask import Request
from flask.sansio.app import App

from .config_access import violations_allow, violations_token
from .errors import ConfigError
from .recording.settings import record_directory
from .spec_options import check_spec_options, check_spec_plugins
from .spec_setting import read_spec

if t.TYPE_CHECKING:
    from apispec import BasePlugin

Mode = t.Literal["off", "report", "strict"]
#: When custom codes are sent as their fallback: when the client asks, always, or never.
FallbackPolicy = t.Literal["on-request", "always", "never"]

MODES: t.Final = ("off", "report", "strict")
FALLBACK_POLICIES: t.Final = ("on-request", "always", "never")
OPENAPI_VERSIONS: t.Final = ("3.1.0", "3.0.3")
INPUT_ERROR_STATUSES: t.Final = (400, 422)
#: What an OpenAPI ``default`` response stands for in a spec-driven app.
DefaultPolicy = t.Literal["errors", "any", "ignore"]
DEFAULT_POLICIES: t.Final = ("errors", "any", "ignore")


@dataclass(frozen=True)
class Key:
    """One ``CONTRACTKIT_*`` config key: the one place its name, default and meaning live.

    The configuration reference of the documentation is generated from
    :data:`KEYS`, so a key documented here cannot drift from the code.
    """

    name: str
    default: t.Any
    #: What the key does, reStructuredText; the docs render it under the key.
    doc: str


#: Every key ``init_app`` reads, with its default and meaning, in the order the docs list them.
KEYS: t.Final[tuple[Key, ...]] = (
    Key(
        "CONTRACTKIT_MODE",
        "report",
        '``"off"``, ``"report"`` or ``"strict"``. In report mode a response that breaks '
        "its contract goes out untouched and the violation is logged and counted; in strict "
        "mode it is replaced by a ``500 application/problem+json`` naming the violation; off "
        "checks nothing.",
    ),
    Key("CONTRACTKIT_OPENAPI_VERSION", "3.1.0", '``"3.1.0"`` or ``"3.0.3"``.'),
    Key("CONTRACTKIT_TITLE", None, "The document's ``info.title``; ``None`` for the app's name."),
    Key("CONTRACTKIT_VERSION", "1.0.0", "The API's version, the document's ``info.version``."),
    Key("CONTRACTKIT_DESCRIPTION", None, "The API's description (Markdown), ``info.description``."),
    Key(
        "CONTRACTKIT_SERVERS",
        None,
        'OpenAPI server objects, such as ``[{"url": "https://api.example.com"}]``; '
        '``None`` writes OpenAPI\'s own default, ``[{"url": "/"}]``.',
    ),
    Key(
        "CONTRACTKIT_SPEC_OPTIONS",
        None,
        "Top-level OpenAPI fields added to the document: ``info`` contact, license and terms, "
        "``tags`` with descriptions, ``components`` such as ``securitySchemes``, ``security``, "
        "``externalDocs``, ``x-`` extensions (in 3.1 also ``webhooks`` and "
        "``jsonSchemaDialect``). Fields contractkit writes itself are refused, naming the "
        "key to use instead.",
    ),
    Key(
        "CONTRACTKIT_SPEC_PLUGINS",
        (),
        "apispec plugin classes (or functions returning a new plugin), used after the "
        "MarshmallowPlugin each time the document is built.",
    ),
    Key(
        "CONTRACTKIT_OPENAPI_JSON_PATH",
        "/openapi.json",
        "Where the document is served as JSON; ``None`` switches it off.",
    ),
    Key(
        "CONTRACTKIT_OPENAPI_YAML_PATH",
        "/openapi.yaml",
        "Where the document is served as YAML; ``None`` switches it off.",
    ),
    Key(
        "CONTRACTKIT_DOCS_PATH",
        "/docs",
        "The docs page (Swagger UI, served from the package, so it works offline); ``None`` "
        "switches it off. If the app already has a route at one of these three paths, "
        "contractkit leaves it alone and warns once.",
    ),
    Key(
        "CONTRACTKIT_INPUT_ERROR_STATUS",
        422,
        "``422`` or ``400``: the status answered, as ``application/problem+json``, for input "
        "that fails an :func:`~contractkit.accepts` schema.",
    ),
    Key(
        "CONTRACTKIT_JSON_ERRORS",
        True,
        "Answer HTTP errors the app has no handler for (``abort()``, routing 404/405, "
        "unhandled exceptions) as RFC 9457 ``application/problem+json``, keeping the headers "
        "the error carries. A handler the app registers itself always wins.",
    ),
    Key(
        "CONTRACTKIT_SERIALIZE",
        False,
        "Dump what each view returns through the schema declared for the status it answers "
        "(``schema.dump``), as flask-smorest's ``Blueprint.response`` and APIFlask's "
        "``output`` do: unknown fields are dropped, objects and dataclasses become JSON. A "
        "``Response``, ``str`` or ``bytes`` the view returns is left alone. "
        "``responds(..., serialize=...)`` overrides it per declaration.",
    ),
    Key(
        "CONTRACTKIT_CHECK_BODIES",
        None,
        "Check response bodies (and media types and declared headers) against the contract; "
        "``None`` means on in strict mode and off in report mode.",
    ),
    Key(
        "CONTRACTKIT_BODY_SAMPLE_RATE",
        1.0,
        "The share of responses, 0.0 to 1.0, whose body is checked when body checks are on "
        "(and so recorded by ``CONTRACTKIT_RECORD`` when it fails its check).",
    ),
    Key(
        "CONTRACTKIT_RECORD",
        None,
        "A directory (relative to the app's ``root_path``) where report and strict mode "
        "record the shape of each response the contract lacks: an undocumented route, an "
        "undeclared code, a body that fails its check. One file per process; never a value, "
        "only field names, JSON types, formats, header names and counts. "
        "``contractkit propose`` reads them. ``None`` (off).",
    ),
    Key(
        "CONTRACTKIT_STATUS_FALLBACK",
        "on-request",
        'When a custom code is sent as its fallback: ``"on-request"`` (when the client sends '
        '``Prefer: status-fallback``), ``"always"`` or ``"never"``.',
    ),
    Key(
        "CONTRACTKIT_EXEMPT_ENDPOINTS",
        (),
        'Endpoint names (or ``"blueprint.*"``) left out of the contract, like views marked '
        ":func:`~contractkit.exempt`: health checks, metrics scrapes, rules with no view.",
    ),
    Key(
        "CONTRACTKIT_HIDDEN_ENDPOINTS",
        (),
        'Endpoint names (or ``"blueprint.*"``) left out of the published documents '
        "(``/openapi.json``, ``/docs``, exports) but still checked at runtime. Hiding is not "
        "access control.",
    ),
    Key(
        "CONTRACTKIT_VIOLATIONS_PATH",
        None,
        "Serve the violations this process recorded as JSON at this path; ``None`` (off).",
    ),
    Key(
        "CONTRACTKIT_VIOLATIONS_TOKEN",
        None,
        "A secret the violations endpoint then requires as ``Authorization: Bearer <token>`` "
        "(401 otherwise), compared in constant time.",
    ),
    Key(
        "CONTRACTKIT_VIOLATIONS_ALLOW",
        None,
        "A callable taking the request and returning whether it may read the violations "
        "endpoint (403 otherwise).",
    ),
    Key(
        "CONTRACTKIT_PROMETHEUS",
        False,
        "Count checked responses and violations in Prometheus: ``True`` (prometheus_client's "
        "default registry), a ``CollectorRegistry``, or ``False``. Needs "
        "``flask-contractkit[prometheus]``.",
    ),
    Key(
        "CONTRACTKIT_SPEC",
        None,
        "An OpenAPI 3.0/3.1 or Swagger 2.0 document to enforce instead of decorators: the "
        "path of a ``.json``, ``.yaml`` or ``.yml`` file (relative to ``app.root_path``) or a "
        "dict, read and validated by ``init_app``; or a callable returning one (called when "
        "the contract is first built: by ``ck.contract(app)`` or the first request); or a "
        "list of them, each enforced on the routes under its own ``servers`` (an API's v1 "
        "and v2). Same as the ``spec`` argument of :meth:`~contractkit.ContractKit.init_app`.",
    ),
    Key(
        "CONTRACTKIT_DEFAULT_RESPONSE",
        "errors",
        'What a document\'s ``default`` response covers in a spec-driven app: ``"errors"`` '
        "(unlisted standard 4xx/5xx codes only, so an undeclared 2xx or 3xx is still a "
        'violation), ``"any"`` (every unlisted code, as OpenAPI reads it) or ``"ignore"`` '
        "(only listed codes count).",
    ),
)

#: Every key with its default; ``init_app`` fills in the ones the app leaves unset.
DEFAULTS: t.Final[dict[str, t.Any]] = {key.name: key.default for key in KEYS}


@dataclass(frozen=True)
class Settings:
    """The app's contractkit config, read and checked once by ``init_app``."""

    mode: Mode
    openapi_version: str
    title: str
    version: str
    description: str | None
    servers: tuple[dict[str, t.Any], ...]
    json_path: str | None
    yaml_path: str | None
    docs_path: str | None
    input_error_status: int
    #: Whether response bodies are validated against their declared schemas.
    check_bodies: bool = False
    #: Share of responses whose body is validated, 0.0-1.0.
    body_sample_rate: float = 1.0
    status_fallback: FallbackPolicy = "on-request"
    #: Endpoint names (or ``"blueprint.*"``) left out of the contract.
    exempt_endpoints: tuple[str, ...] = ()
    violations_path: str | None = None
    #: The bearer token the violations endpoint requires; ``None`` for none.
    violations_token: str | None = None
    #: A predicate of the request that must hold to read the violations endpoint.
    violations_allow: t.Callable[[Request], bool] | None = None
    #: Endpoint names (or ``"blueprint.*"``) left out of the published document only.
    hidden_endpoints: tuple[str, ...] = ()
    #: ``CONTRACTKIT_PROMETHEUS`` as given; :mod:`.metrics` reads it.
    prometheus: t.Any = False
    #: ``CONTRACTKIT_SPEC_OPTIONS``, checked and copied: fields added to the document.
    spec_options: dict[str, t.Any] = field(default_factory=dict)
    #: ``CONTRACTKIT_SPEC_PLUGINS``: each document build calls these for fresh plugins.
    spec_plugins: tuple[t.Callable[[], BasePlugin], ...] = ()
    #: Whether HTTP errors without a handler of the app's own are answered as problem+json.
    json_errors: bool = True
    #: Whether views' return values are dumped through their declared schemas by default.
    serialize: bool = False
    #: Where responses the contract lacks are recorded; ``None`` for nowhere.
    record: Path | None = None

    #: The OpenAPI document a spec-driven app enforces: a path, a dict or a
    #: callable, or a tuple of them; ``None`` for decorator mode.
    spec: t.Any = None
    #: What a ``default`` response covers in a spec-driven app.
    default_response: DefaultPolicy = "errors"


def _choice(config: t.Mapping[str, t.Any], key: str, choices: tuple[t.Any, ...]) -> t.Any:
    value = config[key]
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ConfigError(f"{key}={value!r} is not supported; use one of {allowed}.")
    return value


def _route(config: t.Mapping[str, t.Any], key: str) -> str | None:
    value = config[key]
    if value in (None, False, ""):
        return None
    if not isinstance(value, str) or not value.startswith("/"):
        raise ConfigError(
            f"{key}={value!r} must be a URL path starting with '/', or None to switch it off."
        )
    return value.rstrip("/") or "/"


def _text(config: t.Mapping[str, t.Any], key: str, default: str | None) -> str | None:
    value = config[key]
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}={value!r} must be a non-empty string.")
    return value


def _check_bodies(config: t.Mapping[str, t.Any], mode: str) -> bool:
    value = config["CONTRACTKIT_CHECK_BODIES"]
    if value is None:
        return mode == "strict"
    if not isinstance(value, bool):
        raise ConfigError(f"CONTRACTKIT_CHECK_BODIES={value!r} must be True, False or None.")
    return value


def _flag(config: t.Mapping[str, t.Any], key: str) -> bool:
    value = config[key]
    if not isinstance(value, bool):
        raise ConfigError(f"{key}={value!r} must be True or False.")
    return value


def _sample_rate(config: t.Mapping[str, t.Any]) -> float:
    value = config["CONTRACTKIT_BODY_SAMPLE_RATE"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ConfigError(
            f"CONTRACTKIT_BODY_SAMPLE_RATE={value!r} must be a number from 0.0 to 1.0, "
            "the share of responses whose body is checked."
        )
    return float(value)


def _endpoints(config: t.Mapping[str, t.Any], key: str) -> tuple[str, ...]:
    value = config[key]
    if isinstance(value, str) or not all(isinstance(name, str) and name for name in value):
        raise ConfigError(
            f"{key}={value!r} must be a list of endpoint names such as ['health', 'admin.*']."
        )
    return tuple(value)


_PUBLISHING_PATHS = (
    "CONTRACTKIT_OPENAPI_JSON_PATH",
    "CONTRACTKIT_OPENAPI_YAML_PATH",
    "CONTRACTKIT_DOCS_PATH",
)


def read_settings(app: App) -> Settings:
    """Fill in defaults on ``app.config`` and return the checked settings."""
    for key, default in DEFAULTS.items():
        app.config.setdefault(key, default)
    config = app.config
    servers = config["CONTRACTKIT_SERVERS"] or ()
    if not all(isinstance(s, dict) and isinstance(s.get("url"), str) for s in servers):
        raise ConfigError(
            "CONTRACTKIT_SERVERS must be a list of OpenAPI server objects such as "
            "[{'url': 'https://api.example.com'}]."
        )
    mode = _choice(config, "CONTRACTKIT_MODE", MODES)
    openapi_version = _choice(config, "CONTRACTKIT_OPENAPI_VERSION", OPENAPI_VERSIONS)
    return Settings(
        mode=mode,
        openapi_version=openapi_version,
        title=_text(config, "CONTRACTKIT_TITLE", app.name) or app.name,
        version=_text(config, "CONTRACTKIT_VERSION", "1.0.0") or "1.0.0",
        description=_text(config, "CONTRACTKIT_DESCRIPTION", None),
        servers=tuple(servers),
        json_path=_route(config, "CONTRACTKIT_OPENAPI_JSON_PATH"),
        yaml_path=_route(config, "CONTRACTKIT_OPENAPI_YAML_PATH"),
        docs_path=_route(config, "CONTRACTKIT_DOCS_PATH"),
        input_error_status=_choice(config, "CONTRACTKIT_INPUT_ERROR_STATUS", INPUT_ERROR_STATUSES),
        check_bodies=_check_bodies(config, mode),
        body_sample_rate=_sample_rate(config),
        status_fallback=_choice(config, "CONTRACTKIT_STATUS_FALLBACK", FALLBACK_POLICIES),
        exempt_endpoints=_endpoints(config, "CONTRACTKIT_EXEMPT_ENDPOINTS"),
        violations_path=_route(config, "CONTRACTKIT_VIOLATIONS_PATH"),
        violations_token=violations_token(config),
        violations_allow=violations_allow(config),
        hidden_endpoints=_endpoints(config, "CONTRACTKIT_HIDDEN_ENDPOINTS"),
        prometheus=config["CONTRACTKIT_PROMETHEUS"],
        spec_options=check_spec_options(config["CONTRACTKIT_SPEC_OPTIONS"], openapi_version),
        spec_plugins=check_spec_plugins(config["CONTRACTKIT_SPEC_PLUGINS"]),
        json_errors=_flag(config, "CONTRACTKIT_JSON_ERRORS"),
        serialize=_flag(config, "CONTRACTKIT_SERIALIZE"),
        spec=read_spec(app, [key for key in _PUBLISHING_PATHS if _route(config, key) is not None]),
        record=record_directory(app.config["CONTRACTKIT_RECORD"], app.root_path, mode),
        default_response=_choice(config, "CONTRACTKIT_DEFAULT_RESPONSE", DEFAULT_POLICIES),
    )
