"""The CSV and file app in strict mode: media types published and checked."""

from __future__ import annotations

from flask.testing import FlaskClient

from contractkit.lint.linter import lint_app

from . import files_app
from .coverage import run_covered


def _client() -> FlaskClient:
    return files_app.create_app().test_client()


def test_orders_stream_as_csv() -> None:
    response = _client().get("/exports/orders.csv")
    assert (response.status_code, response.mimetype) == (200, "text/csv")
    assert response.data.decode().splitlines() == ["id,total", "1,10", "2,20", "3,30"]


def test_invoices_are_pdf_files() -> None:
    client = _client()
    response = client.get("/exports/invoices/1.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert response.headers["Content-Disposition"] == "attachment; filename=invoice-1.pdf"
    etag = response.headers["ETag"]
    assert client.get("/exports/invoices/1.pdf", headers={"If-None-Match": etag}).status_code == 304
    missing = client.get("/exports/invoices/9.pdf")
    assert (missing.status_code, missing.mimetype) == (404, "application/problem+json")


SCENARIO = [test_orders_stream_as_csv, test_invoices_are_pdf_files]


def test_the_tests_cover_the_whole_contract_without_a_violation() -> None:
    run_covered(files_app.NAME, SCENARIO)


def test_lint_finds_nothing() -> None:
    report = lint_app(files_app.create_app())
    assert (report.undeclared, report.skipped) == ([], [])


def test_the_document_says_what_each_body_is() -> None:
    spec = files_app.ck.spec(files_app.create_app())
    csv = spec["paths"]["/exports/orders.csv"]["get"]["responses"]["200"]
    assert csv["content"] == {"text/csv": {"schema": {"type": "string"}}}
    pdf = spec["paths"]["/exports/invoices/{order_id}.pdf"]["get"]["responses"]
    assert pdf["200"]["content"] == {"application/pdf": {}}  # OpenAPI 3.1: binary, no schema
    assert pdf["200"]["headers"]["Content-Disposition"]["required"] is True
    assert set(pdf["404"]["content"]) == {"application/problem+json"}
