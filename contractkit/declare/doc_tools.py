"""Routes that serve documentation rather than the API: other tools' and contractkit's own.

One list, read wherever a route is asked whether it belongs to the contract
or whether contractkit may add its own route at a path.
"""

from __future__ import annotations

import typing as t

#: Endpoint prefixes of the documentation blueprints other OpenAPI tools register:
#: flask-smorest's ``api-docs`` (spec, ReDoc, Swagger UI, RapiDoc), the ``openapi``
#: blueprint of apiflask and flask-openapi3 (spec and UI pages), and flasgger's.
#: A view there with no contractkit declarations is documentation, not an operation.
DOC_TOOL_BLUEPRINTS: t.Final = ("api-docs", "openapi", "flasgger", "restx_doc")

#: Endpoint prefixes of tools that add their pages to the app itself: spectree names
#: them ``openapi_<path>`` (``openapi_apidoc``, ``openapi_apidoc_swagger``, ...).
DOC_TOOL_ENDPOINT_PREFIXES: t.Final = ("openapi_",)

#: Modules whose own views serve documentation: flask-restx's ``Api`` adds its
#: ``specs`` (``/swagger.json``), ``doc`` and ``root`` routes to the app or
#: blueprint it is given, under names an API's own endpoints could have too.
DOC_TOOL_MODULES: t.Final = frozenset({"flask_restx.api"})

#: contractkit's own routes, by the config key that moves (or, set to None, removes) each.
OWN_PATH_KEYS: t.Final = (
    "CONTRACTKIT_OPENAPI_JSON_PATH",
    "CONTRACTKIT_OPENAPI_YAML_PATH",
    "CONTRACTKIT_DOCS_PATH",
)


def is_doc_tool_endpoint(endpoint: str) -> bool:
    """Whether ``endpoint`` belongs to another documentation tool."""
    if "." in endpoint and endpoint.partition(".")[0] in DOC_TOOL_BLUEPRINTS:
        return True
    return endpoint.startswith(DOC_TOOL_ENDPOINT_PREFIXES)


def is_doc_tool_view(view: t.Callable[..., t.Any]) -> bool:
    """Whether ``view`` is one of another documentation tool's own views."""
    owner = getattr(view, "view_class", view)
    return getattr(owner, "__module__", None) in DOC_TOOL_MODULES
