"""Apps documented by flask-smorest, APIFlask, flask-openapi3, spectree or by hand, enforced.

Each app is built the way its tool's documentation teaches and adds at most
three lines for contractkit (plus the import), marked ``# contractkit``:
``ck = ContractKit()``, ``ck.init_app(app, spec=...)`` with the tool's own
document, and a custom code's registration where it uses one.
"""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from contractkit import InfrastructureCodeWarning

from .peer_checks import Call, Peer, contractkit_lines

PEERS = [
    Peer(
        name="flask-smorest",
        module_name="tests.peers.smorest_app",
        declared=(
            Call("get", "/pets/", 200),
            Call("post", "/pets/", 201, json={"name": "Kit"}),
            Call("post", "/pets/", 422, json={}),
            Call("get", "/pets/1", 200),
            Call("get", "/pets/9", 404),
            Call("delete", "/pets/1", 204),
            Call("delete", "/pets/9", 404),
        ),
        undeclared=Call("delete", "/pets/3", 202),
        invalid_body=Call("get", "/pets/2", 200),
        docs=("/openapi.json", "/swagger-ui"),
        custom=("/pets/470", "470 Quota Exceeded"),
    ),
    Peer(
        name="APIFlask",
        module_name="tests.peers.apiflask_app",
        declared=(
            Call("get", "/", 200),
            Call("get", "/pets/0", 200),
            Call("get", "/pets/9", 404),
            Call("patch", "/pets/0", 200, json={"name": "Kit"}),
            Call("patch", "/pets/0", 422, json={"category": "fish"}),
            Call("delete", "/pets/0", 204),
            Call("delete", "/pets/9", 404),
        ),
        undeclared=Call("delete", "/pets/2", 202),
        invalid_body=Call("get", "/pets/1", 200),
        # APIFlask serves /openapi.json and /docs itself: contractkit leaves them alone.
        docs=("/openapi.json", "/docs"),
        custom=("/pets/470", "470 Quota Exceeded"),
    ),
    Peer(
        name="flask-openapi3",
        module_name="tests.peers.openapi3_app",
        declared=(
            Call("get", "/book/1", 200),
            Call("get", "/book/9", 404),
            Call("post", "/book", 201, json={"age": 2, "author": "Dr. Seuss"}),
            Call("post", "/book", 422, json={"age": "old"}),
            Call("delete", "/book/1", 204),
            Call("delete", "/book/9", 404),
        ),
        undeclared=Call("delete", "/book/3", 202),
        invalid_body=Call("get", "/book/2", 200),
        docs=("/openapi/openapi.json", "/openapi/"),
        served=("/openapi.json", "/openapi.yaml", "/docs/"),
    ),
    Peer(
        name="spectree",
        module_name="tests.peers.spectree_app",
        declared=(
            Call("get", "/api/user/1", 200),
            Call("get", "/api/user/9", 404),
            Call("post", "/api/user", 201, json={"name": "Grace", "age": 45}),
            Call("post", "/api/user", 422, json={"age": "old"}),
            Call("delete", "/api/user/1", 204),
            Call("delete", "/api/user/9", 404),
        ),
        undeclared=Call("delete", "/api/user/3", 202),
        invalid_body=Call("get", "/api/user/2", 200),
        docs=("/apidoc/openapi.json", "/apidoc/swagger/", "/apidoc/redoc/"),
        served=("/openapi.json", "/openapi.yaml", "/docs/"),
    ),
    Peer(
        name="openapi.yaml",
        module_name="tests.peers.handwritten_app",
        declared=(
            Call("get", "/pets", 200),
            Call("get", "/pets/1", 200),
            Call("get", "/pets/3", 404),
            Call("delete", "/pets/1", 204),
            Call("delete", "/pets/9", 404),
        ),
        undeclared=Call("delete", "/pets/2", 202),
        invalid_body=Call("get", "/pets/2", 200),
        docs=(),  # no tool: contractkit serves the committed document
        served=("/openapi.json", "/openapi.yaml", "/docs/"),
        custom=("/pets/470", "470 Quota Exceeded"),
    ),
    # Swagger 2.0 documents, enforced (and served) as their OpenAPI 3.0.3 conversion.
    Peer(
        name="flask-restx",
        module_name="tests.peers.restx_app",
        declared=(
            Call("post", "/api/v1/pets/", 201, json={"name": "Kit"}),
            Call("post", "/api/v1/pets/", 400, json={"name": ""}),
            Call("get", "/api/v1/pets/1", 200),
            Call("get", "/api/v1/pets/9", 404),  # flask_restx.abort: {"message": ...}
            Call("delete", "/api/v1/pets/1", 204),
            Call("delete", "/api/v1/pets/9", 404),
            Call("get", "/api/v1/owners/1", 200),
        ),
        undeclared=Call("delete", "/api/v1/pets/3", 202),
        invalid_body=Call("get", "/api/v1/pets/2", 200),
        docs=("/api/v1/swagger.json", "/api/v1/"),
        served=("/openapi.json", "/openapi.yaml", "/docs/"),
        custom=("/api/v1/pets/460", "460 Tier Limit"),
        warns=(InfrastructureCodeWarning,),  # 460: AWS load balancers send it too
    ),
    Peer(
        name="flasgger",
        module_name="tests.peers.flasgger_app",
        declared=(
            Call("get", "/colors/all/", 200),
            Call("get", "/colors/rgb/", 200),
            Call("get", "/colors/grey/", 404),
            Call("delete", "/colors/rgb/", 204),
            Call("delete", "/colors/grey/", 404),
        ),
        undeclared=Call("get", "/colors/secret/", 403),
        invalid_body=Call("get", "/colors/broken/", 200),
        docs=("/apispec_1.json", "/apidocs/"),
        served=("/openapi.json", "/openapi.yaml", "/docs/"),
        custom=("/colors/wet/", "470 Wet Paint"),
    ),
    Peer(
        name="flasgger-template",
        module_name="tests.peers.flasgger_template_app",
        declared=(
            Call("get", "/users/1", 200),
            Call("get", "/users/3", 200),
            Call("get", "/users/9", 404),
            Call("post", "/users", 201, json={"id": 0, "name": "Linus"}),
        ),
        undeclared=Call("post", "/users", 400, json={"id": 0, "name": "Bobby Tables"}),
        invalid_body=Call("get", "/users/2", 200),
        docs=("/apispec_1.json", "/apidocs/"),
        served=("/openapi.json", "/openapi.yaml", "/docs/"),
    ),
]


def peer_ids(peer: Peer) -> str:
    return peer.name


peers = pytest.mark.parametrize("peer", PEERS, ids=peer_ids)


@peers
def test_at_most_three_lines_besides_the_import(peer: Peer) -> None:
    lines = contractkit_lines(peer.module)
    assert lines[0] == "from contractkit import ContractKit  # contractkit"
    assert 1 <= len(lines) - 1 <= 3, lines


@peers
def test_declared_codes_pass_untouched(peer: Peer) -> None:
    for call in peer.declared:
        app = peer.create_app(CONTRACTKIT_MODE="strict")
        response = call.send(app)
        assert response.status_code == call.status, (str(call), response.get_data())
        assert app.extensions["contractkit"].violations.total == 0, str(call)


@pytest.mark.parametrize("peer", [p for p in PEERS if p.custom], ids=peer_ids)
def test_custom_code_keeps_its_phrase(peer: Peer) -> None:
    assert peer.custom is not None
    url, status_line = peer.custom
    app = peer.create_app(CONTRACTKIT_MODE="strict")
    client = app.test_client()
    assert client.get(url).status == status_line
    fallback = client.get(url, headers={"Prefer": "status-fallback"})
    assert fallback.headers["Contract-Original-Status"] == status_line.split()[0]
    assert app.extensions["contractkit"].violations.total == 0


@peers
def test_undeclared_code_is_a_strict_mode_500(peer: Peer) -> None:
    app = peer.create_app(CONTRACTKIT_MODE="strict")
    response = peer.undeclared.send(app)
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert f"it answered {peer.undeclared.status}" in response.get_json()["detail"]


@peers
def test_undeclared_code_is_a_report_mode_violation(peer: Peer) -> None:
    app = peer.create_app(CONTRACTKIT_MODE="report")
    response = peer.undeclared.send(app)
    assert response.status_code == peer.undeclared.status
    [violation] = app.extensions["contractkit"].violations.recent()
    assert (violation.kind, violation.status) == ("undeclared-status", peer.undeclared.status)


@peers
def test_body_contradicting_the_tools_schema_is_caught(peer: Peer) -> None:
    app = peer.create_app(CONTRACTKIT_MODE="strict")
    response = peer.invalid_body.send(app)
    assert response.status_code == 500
    assert "does not match the schema declared for status" in response.get_json()["detail"]
    [violation] = app.extensions["contractkit"].violations.recent()
    assert (violation.kind, violation.status) == ("invalid-body", peer.invalid_body.status)


@peers
def test_the_tools_docs_and_contractkits_document_are_served(peer: Peer) -> None:
    app = peer.create_app(CONTRACTKIT_MODE="strict")
    client = app.test_client()
    own = {
        rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("contractkit.")
    }
    for url in peer.docs:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert url not in own, f"contractkit took the tool's {url}"
    for url in peer.served:
        response = client.get(url)
        assert response.status_code == 200, url
    assert app.extensions["contractkit"].violations.total == 0
    validate(app.extensions["contractkit"].documents().spec)
    assert app.extensions["contractkit"].contract().unmatched == ()


def test_an_invalid_tool_document_is_reported_where_it_is_wrong() -> None:
    from flask_openapi3 import OpenAPI

    from contractkit import ContractKit
    from contractkit.errors import SpecError

    app = OpenAPI(__name__)  # no security schemes: flask-openapi3 4.3 writes null

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"pong": "yes"}

    kit = ContractKit()
    kit.init_app(app, spec=lambda: app.api_doc)
    with pytest.raises(SpecError, match=r"\$\.components\.securitySchemes: null is not of type"):
        kit.contract(app)
