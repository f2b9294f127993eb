"""An app that streams CSV and serves files: bodies known by their media type alone."""

from __future__ import annotations

import csv
import io
import typing as t

from flask import Blueprint, Flask, Response, abort, send_file, stream_with_context

from contractkit import ContractKit, responds

NAME = "files_app"
ck = ContractKit()
bp = Blueprint("exports", __name__, url_prefix="/exports")

ORDERS = [{"id": n, "total": 10 * n} for n in range(1, 4)]
#: A tiny PDF: what matters here is how it is served, not what it shows.
INVOICE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

attachment = {"Content-Disposition": {"description": "The file name to save as.", "required": True}}


@bp.get("/orders.csv")
@responds(200, content_type="text/csv", description="Every order, one per line.")
def orders_csv() -> t.Any:
    def rows() -> t.Iterator[str]:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["id", "total"])
        writer.writeheader()
        for order in ORDERS:
            writer.writerow(order)
            yield out.getvalue()
            out.seek(0)
            out.truncate()

    return Response(stream_with_context(rows()), mimetype="text/csv")


@bp.get("/invoices/<int:order_id>.pdf")
@responds(200, content_type="application/pdf", description="The invoice.", headers=attachment)
@responds(304, description="The invoice has not changed.")
@responds(404, description="No order with that id.")
def invoice(order_id: int) -> t.Any:
    if not any(order["id"] == order_id for order in ORDERS):
        abort(404)
    return send_file(
        io.BytesIO(INVOICE),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"invoice-{order_id}.pdf",
        etag=f"invoice-{order_id}",
    )


def create_app() -> Flask:
    app = Flask(NAME)
    app.config.update(CONTRACTKIT_MODE="strict")
    app.register_blueprint(bp)
    ck.init_app(app)
    ck.contract(app)
    return app
