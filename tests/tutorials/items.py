"""Items that abort() with standard errors."""

from flask import Flask, abort, jsonify

from contractkit import ContractKit

app = Flask(__name__)
app.config.from_prefixed_env()
ContractKit(app)

ITEMS = {
    1: {"id": 1, "name": "lamp", "locked": False},
    2: {"id": 2, "name": "safe", "locked": True},
}


@app.route("/items/<int:item_id>")
def get_item(item_id):
    if item_id not in ITEMS:
        abort(404)
    return jsonify(ITEMS[item_id])


@app.route("/items/<int:item_id>", methods=["DELETE"])
def delete_item(item_id):
    item = ITEMS.get(item_id) or abort(404)
    if item["locked"]:
        abort(409, description="The item is locked")
    return "", 204
