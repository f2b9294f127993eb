"""connexion 3 apps: each document enforced, every answer that leaves the app checked."""

from __future__ import annotations

import http.client
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

import connexion
import httpx
import pytest

from contractkit import ContractKit
from contractkit.errors import ConfigError, ContractError
from tests.servers import serving_asgi

from .connexion_apps import greetings, petstore

#: The greeting view's undeclared answers, by the name that asks for each, and how it gives it.
UNDECLARED = [
    pytest.param("new", 201, id="returns-201"),
    pytest.param("taken", 409, id="aborts-409"),
    pytest.param("crash", 500, id="raises"),
    pytest.param("problem", 409, id="connexion-problem-409"),
    pytest.param("refused", 409, id="raises-problem-exception-409"),
    pytest.param("teapot", 418, id="returns-418"),
]
BASES = ["/openapi", "/swagger"]


def _violations(app: connexion.FlaskApp) -> dict[tuple[str, int], int]:
    counts = greetings.ck.violations(app).counts()
    return {(method, status): n for (_, method, status, _), n in counts.items()}


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize(("name", "code"), UNDECLARED)
def test_strict_mode_refuses_an_undeclared_code_however_the_view_gives_it(
    base: str, name: str, code: int
) -> None:
    app = greetings.create_app("strict")
    answer = app.test_client().post(f"{base}/greeting/{name}")
    assert answer.status_code == 500
    problem = answer.json()
    assert problem["returned_status"] == code
    assert f"it answered {code}, which its contract does not declare" in problem["detail"]
    assert _violations(app) == {("POST", code): 1}


@pytest.mark.parametrize(("name", "code"), UNDECLARED)
def test_report_mode_lets_the_answer_out_and_counts_it(name: str, code: int) -> None:
    app = greetings.create_app("report")
    assert app.test_client().post(f"/openapi/greeting/{name}").status_code == code
    assert _violations(app) == {("POST", code): 1}


@pytest.mark.parametrize(
    ("method", "url", "code"),
    [
        ("POST", "/openapi/greeting/dave", 200),
        ("POST", "/swagger/greeting/dave", 200),
        ("POST", "/openapi/greeting/later", 299),
        ("GET", "/openapi/farewell/dave", 200),
        # abort(404) where the document's default covers it: declared, body checked.
        ("GET", "/openapi/farewell/nobody", 404),
        # connexion's and Flask's own answers, to requests no operation takes.
        ("GET", "/openapi/nowhere", 404),
        ("GET", "/openapi/greeting/dave", 405),
    ],
)
def test_declared_answers_and_the_routers_own_pass_in_strict_mode(
    method: str, url: str, code: int
) -> None:
    app = greetings.create_app("strict")
    assert app.test_client().request(method, url).status_code == code
    assert _violations(app) == {}


def test_a_teapot_past_default_is_named_as_iana_lists_it() -> None:
    app = greetings.create_app("strict")
    detail = app.test_client().get("/openapi/farewell/teapot").json()["detail"]
    assert "IANA lists 418 as '(Unused)', not as a standard code, so default" in detail


def test_a_custom_code_falls_back_when_the_client_asks() -> None:
    app = greetings.create_app("strict")
    answer = app.test_client().post(
        "/openapi/greeting/later", headers={"Prefer": "status-fallback"}
    )
    assert answer.status_code == 202
    assert answer.headers["Contract-Original-Status"] == "299"
    assert answer.headers["Preference-Applied"] == "status-fallback"


def test_the_contract_is_built_once_connexion_has_added_its_routes() -> None:
    app = greetings.create_app("strict")
    with pytest.raises(ConfigError, match="connexion adds the routes of app"):
        greetings.ck.contract(app)
    app.test_client().post("/openapi/greeting/dave")
    operations = greetings.ck.contract(app).operations
    assert sorted((op.document, op.method, op.path) for op in operations) == [
        (0, "GET", "/farewell/{name}"),
        (0, "POST", "/greeting/{name}"),
        (1, "POST", "/greeting/{name}"),
    ]


def test_the_lifespan_start_up_builds_on_the_routes_too() -> None:
    app = greetings.create_app("strict")
    with app.test_client() as client:  # runs the lifespan start-up first
        assert len(greetings.ck.contract(app).operations) == 3
        assert client.post("/swagger/greeting/new").status_code == 500


def _bare_app() -> connexion.FlaskApp:
    app = connexion.FlaskApp(greetings.__name__, specification_dir="greetings_specs/")
    app.add_api("openapi.yaml", arguments={"title": "Greetings"})
    return app


def test_spec_is_read_from_connexions_specification_dir() -> None:
    app = _bare_app()
    kit = ContractKit()
    kit.init_app(app, spec="openapi.yaml")
    app.test_client().post("/openapi/greeting/dave")
    assert {op.document_path for op in kit.contract(app).operations} == {
        "/greeting/{name}",
        "/farewell/{name}",
    }


def test_a_spec_in_neither_folder_names_both() -> None:
    app = _bare_app()
    spec_dir = Path(greetings.__file__).parent / "greetings_specs"
    with pytest.raises(ConfigError, match=rf"neither .*\({spec_dir}\) nor .*root path"):
        ContractKit().init_app(app, spec="v3.yaml")


def test_init_app_before_add_api_says_so() -> None:
    app = connexion.FlaskApp(greetings.__name__, specification_dir="greetings_specs/")
    with pytest.raises(ConfigError, match=r"after app.add_api\(\.\.\.\)"):
        ContractKit().init_app(app)


def test_init_app_after_the_app_started_says_so() -> None:
    app = _bare_app()
    app.test_client().get("/openapi/nowhere")
    with pytest.raises(ConfigError, match="after it started serving"):
        ContractKit().init_app(app)


def test_an_async_app_is_refused_with_what_to_use() -> None:
    app = connexion.AsyncApp(greetings.__name__, specification_dir="greetings_specs/")
    app.add_api("openapi.yaml", arguments={"title": "Greetings"})
    with pytest.raises(ContractError, match=r"Use connexion\.FlaskApp"):
        ContractKit().init_app(app)


def test_a_resty_pet_store_keeps_its_contract_in_strict_mode() -> None:
    app = petstore.create_app("strict")
    client = app.test_client()
    assert client.post("/api/pets", json={"name": "chester"}).status_code == 201
    assert client.get("/api/pets/1").json() == {"id": 1, "name": "chester", "tag": None}
    assert client.put("/api/pets/1", json={"name": "chester", "tag": "sleepy"}).status_code == 200
    assert client.put("/api/pets/7", json={"name": "rex"}).status_code == 201
    assert client.get("/api/pets", params={"limit": 1}).status_code == 200
    assert client.delete("/api/pets/7").status_code == 204
    assert client.delete("/api/pets/7").status_code == 404
    assert client.get("/api/pets/7").status_code == 404
    # connexion's own request validation answers before any view: not the view's answer.
    assert client.post("/api/pets", json={"tag": "nameless"}).status_code == 400
    assert petstore.ck.violations(app).counts() == {}


@pytest.mark.slow
def test_under_uvicorn_every_answer_is_checked_and_the_fallback_still_speaks() -> None:
    app = greetings.create_app("strict")
    with serving_asgi(app) as url:
        with httpx.Client(base_url=url) as client:
            assert client.post("/openapi/greeting/dave").text == "Hello dave"
            assert client.post("/openapi/greeting/taken").json()["returned_status"] == 409
            assert client.post("/swagger/greeting/crash").json()["returned_status"] == 500
            fallback = client.post("/openapi/greeting/later", headers={"Prefer": "status-fallback"})
            assert fallback.status_code == 202
            assert fallback.headers["Contract-Original-Status"] == "299"
        # ASGI carries no reason phrase: the custom code goes out without its own.
        host = urlsplit(url)
        connection = http.client.HTTPConnection(host.hostname or "", host.port)
        connection.request("POST", "/openapi/greeting/later")
        answer = connection.getresponse()
        assert (answer.status, answer.reason) == (299, "")
        connection.close()
    assert _violations(app) == {("POST", 409): 1, ("POST", 500): 1}


# connexion's own examples, as they are in its repository, with contractkit's three lines.
MIRROR = Path("/work/.mirror/spec-first+connexion/repo")


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Callable[[str, str], t.Any]:
    """Import one of connexion's examples from its repository, if this machine has it."""
    import subprocess
    import sys

    if not MIRROR.is_dir():
        pytest.skip("connexion's repository is not on this machine")
    modules = set(sys.modules)

    def load(name: str, module: str) -> t.Any:
        archive = subprocess.run(
            ["git", "--git-dir", str(MIRROR), "archive", "HEAD", f"examples/{name}"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tmp_path)], input=archive, check=True)
        monkeypatch.syspath_prepend(str(tmp_path / "examples" / name))
        return __import__(module)

    yield load
    for name in set(sys.modules) - modules:  # each example has its own "api" package
        del sys.modules[name]


def _with_contractkit(app: connexion.FlaskApp, mode: str) -> ContractKit:
    from contractkit import ContractKit  # 1

    app.app.config["CONTRACTKIT_MODE"] = mode  # 2
    return ContractKit(app)  # 3


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["strict", "report"])
def test_connexions_hello_world_keeps_both_its_documents(
    example: t.Callable[[str, str], t.Any], mode: str
) -> None:
    app = example("helloworld", "hello").app
    kit = _with_contractkit(app, mode)
    client = app.test_client()
    for base in BASES:
        assert client.post(f"{base}/greeting/dave", json={}).text == "Hello dave"
    assert kit.violations(app).counts() == {}


@pytest.mark.slow
def test_connexions_resty_resolver_example_breaks_its_own_document(
    example: t.Callable[[str, str], t.Any],
) -> None:
    app = example("restyresolver", "resty").app
    kit = _with_contractkit(app, "report")
    client = app.test_client()
    assert client.post("/openapi/pets", json={"name": "chester"}).status_code == 201
    assert client.get("/openapi/pets/1").status_code == 200
    # The example answers 200 where its document lists only 201 and default.
    assert client.put("/openapi/pets", json={"id": 1, "name": "chester"}).status_code == 200
    assert client.get("/openapi/pets/99").status_code == 404  # default covers it
    # Its Swagger 2.0 API's functions take parameters its document names otherwise.
    assert client.post("/swagger/pets", json={"name": "rex"}).status_code == 500
    found = {(key[1], key[2]) for key in kit.violations(app).counts()}
    assert found == {("PUT", 200), ("POST", 500)}


@pytest.mark.slow
def test_connexions_method_view_example_runs_in_report_mode(
    example: t.Callable[[str, str], t.Any],
) -> None:
    app = example("methodresolver", "app").app
    kit = _with_contractkit(app, "report")
    client = app.test_client()
    assert client.get("/openapi/pets").status_code == 200
    assert client.get("/openapi/pets/1").json()["name"] == "giraffe"
    assert (
        client.post("/openapi/pets", json={"name": "okapi", "tag": "shy", "tags": []}).status_code
        == 201
    )
    assert client.delete("/openapi/pets/2").status_code == 204
    # Report mode checks status codes only, and the example keeps to its document's.
    assert kit.violations(app).counts() == {}
