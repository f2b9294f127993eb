"""A rate limit with a code of its own, set on a response made first."""

from flask import Flask, jsonify, make_response

from contractkit import ContractKit

app = Flask(__name__)
app.config.from_prefixed_env()
ContractKit(app)

LIMIT = 3
calls = {"count": 0}


@app.route("/quota")
def quota():
    calls["count"] += 1
    if calls["count"] > LIMIT:
        resp = make_response(jsonify(error="Tier limit exceeded", limit=LIMIT))
        resp.status_code = 460
        return resp
    return jsonify(used=calls["count"], limit=LIMIT)
