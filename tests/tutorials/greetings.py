"""A greeting with a custom success code, 299, as a tutorial returns it."""

from flask import Flask, jsonify

from contractkit import ContractKit

app = Flask(__name__)
app.config.from_prefixed_env()
ContractKit(app)


@app.route("/hello")
def hello():
    return jsonify(message="Hello, World!")


@app.route("/hello/<name>")
def hello_name(name):
    if name == "world":
        # Greeting the whole world again: a success, but not a plain one.
        return jsonify(message="Already greeted", name=name), 299
    return jsonify(message=f"Hello, {name}!", name=name)
