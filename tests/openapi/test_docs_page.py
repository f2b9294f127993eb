"""The /docs/ page's table of custom status codes, and its escaping, through the test client."""

from __future__ import annotations

import json
import typing as t
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient

from contractkit import ContractKit, responds
from contractkit.openapi.docs_page import custom_code_rows

from ..frameworks import client_of

if t.TYPE_CHECKING:
    from ..conftest import MakeApp


class Page(HTMLParser):
    """What a browser would read from the page: table rows, scripts, the Swagger UI config."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline_script = ""
        self.config: dict[str, t.Any] = {}
        self._in_body = self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("th", "td") and self._in_body:
            self.rows[-1].append("")
        elif tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
        elif attributes.get("id") == "swagger-ui":
            self.config = json.loads(attributes["data-config"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_script += data.strip()
        elif self._in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data.strip()


def test_the_example_apps_custom_codes_head_the_page(client: FlaskClient) -> None:
    html = client.get("/docs/").get_data(as_text=True)
    page = Page(html)
    assert page.rows == [
        [
            "299",
            "Completed With Warnings",
            "200 OK",
            "The request succeeded, but the body lists warnings the caller should read.",
        ],
        [
            "460",
            "Tier Limit Exceeded",
            "429 Too Many Requests",
            "The caller's plan allows no more calls this hour.",
        ],
        [
            "499",
            "Client Closed Request",
            "400 Bad Request",
            "The client cancelled the job before it finished.",
        ],
    ]
    assert html.index('id="status-codes"') < html.index('id="swagger-ui"'), "the table comes first"
    assert "Prefer: status-fallback" in html, "the page says how a client asks for fallbacks"


def test_the_page_runs_no_inline_script(client: FlaskClient) -> None:
    page = Page(client.get("/docs/").get_data(as_text=True))
    assert page.scripts and all(script.get("src") for script in page.scripts)
    assert page.inline_script == "", "a Content-Security-Policy of script-src 'self' must do"
    assert page.config["url"] == "/openapi.json"
    assert page.config["showExtensions"] is True
    for script in page.scripts:
        with client.get(str(script["src"])) as response:
            assert response.status_code == 200, script


HOSTILE_PHRASE = "</td><script>alert('phrase')</script>"
HOSTILE_DESCRIPTION = '"><img src=x onerror=alert(1)> & </table><!--'


def test_phrases_and_descriptions_are_escaped(
    kit: ContractKit, make_app: MakeApp, framework: str
) -> None:
    kit.register_status(461, HOSTILE_PHRASE, fallback=400, description=HOSTILE_DESCRIPTION)

    def routes(app: Flask) -> None:
        @app.get("/things")
        @responds(200)
        @responds(461)
        def things() -> str:
            return ""

    app = make_app(routes, CONTRACTKIT_TITLE="<b>Shop</b>")
    html = client_of(app).get("/docs/").get_data(as_text=True)
    for raw in (HOSTILE_PHRASE, HOSTILE_DESCRIPTION, "<b>Shop</b>", "<img", "<script>alert"):
        assert raw not in html
    assert "&lt;/td&gt;&lt;script&gt;" in html
    assert "<title>&lt;b&gt;Shop&lt;/b&gt;</title>" in html
    # A browser reads back exactly the text that was registered.
    assert Page(html).rows == [["461", HOSTILE_PHRASE, "400 Bad Request", HOSTILE_DESCRIPTION]]


def test_without_custom_codes_there_is_no_table(make_app: MakeApp, framework: str) -> None:
    def routes(app: Flask) -> None:
        @app.get("/ping")
        @responds(200)
        def ping() -> str:
            return "pong"

    html = client_of(make_app(routes)).get("/docs/").get_data(as_text=True)
    assert 'id="status-codes"' not in html
    assert Page(html).config["url"] == "/openapi.json"


@pytest.mark.parametrize(
    ("codes", "rows"),
    [
        ("not an object", []),
        ({"470": "not an object"}, []),
        ({"470": {"phrase": "Quota"}}, [("470", "Quota", "", "")]),
        (
            {"470": {"phrase": "Quota", "fallback": 429}},
            [("470", "Quota", "429 Too Many Requests", "")],
        ),
        ({"470": {"phrase": "Quota", "fallback": 499}}, [("470", "Quota", "499", "")]),
    ],
)
def test_rows_come_from_whatever_document_is_published(
    codes: object, rows: list[tuple[str, str, str, str]]
) -> None:
    assert [
        (row.code, row.phrase, row.fallback, row.description)
        for row in custom_code_rows({"x-status-codes": codes})
    ] == rows


def test_assets_are_served_from_the_wheels_not_a_cdn(client: FlaskClient) -> None:
    for name in (
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "contractkit-docs.js",
        "contractkit-docs.css",
    ):
        with client.get(f"/docs/{name}") as response:
            assert response.status_code == 200, name
    assert client.get("/docs/../extension.py").status_code == 404


def test_index_html_is_the_page(client: FlaskClient) -> None:
    page = client.get("/docs/")
    index = client.get("/docs/index.html")
    assert index.status_code == 200
    assert index.mimetype == "text/html"
    assert index.get_data() == page.get_data()
