"""Orders answered with nginx's 499, named on the app's own status table."""

import werkzeug.http
from flask import Flask, jsonify, request

from contractkit import ContractKit

werkzeug.http.HTTP_STATUS_CODES[499] = "Client Closed Request"

app = Flask(__name__)
app.config.from_prefixed_env()
ContractKit(app)

ORDERS: dict[int, dict[str, object]] = {}


@app.route("/orders", methods=["POST"])
def create_order():
    data = request.get_json()
    if data.get("cancelled"):
        return jsonify(error="The client cancelled the order"), 499
    order = {"id": len(ORDERS) + 1, "item": data["item"], "note": data.get("note")}
    ORDERS[order["id"]] = order
    return jsonify(order), 201
