"""Books on a blueprint: a JSON 404 of the view's own, and a loan accepted for later."""

from flask import Blueprint, Flask, jsonify

from contractkit import ContractKit

bp = Blueprint("books", __name__, url_prefix="/books")

BOOKS = {"9780141439518": {"isbn": "9780141439518", "title": "Pride and Prejudice"}}


@bp.route("/<isbn>")
def get_book(isbn):
    book = BOOKS.get(isbn)
    if book is None:
        return jsonify(error="No such book", isbn=isbn), 404
    return jsonify(book)


@bp.route("/<isbn>/loan", methods=["POST"])
def loan_book(isbn):
    if isbn not in BOOKS:
        return jsonify(error="No such book", isbn=isbn), 404
    return jsonify(status="queued", isbn=isbn), 202


app = Flask(__name__)
app.config.from_prefixed_env()
app.register_blueprint(bp)
ContractKit(app)
