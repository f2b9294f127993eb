"""A flask-openapi3 app written as its documentation teaches, enforced by contractkit.

OpenAPI, Info, Tag and security schemes, pydantic models for the path, the
body and the responses (flask-openapi3's quickstart). contractkit adds the
three lines marked ``# contractkit``: the import, the extension, and
``init_app`` with flask-openapi3's own document.
"""

from __future__ import annotations

import typing as t

from flask_openapi3 import Info, OpenAPI, Tag
from pydantic import BaseModel, Field

from contractkit import ContractKit  # contractkit

BOOKS: dict[int, dict[str, t.Any]] = {}

book_tag = Tag(name="book", description="Some books")


class BookPath(BaseModel):
    bid: int = Field(..., description="book id")


class BookBody(BaseModel):
    age: int
    author: str


class BookResponse(BaseModel):
    bid: int
    age: int
    author: str


class NotFoundResponse(BaseModel):
    # The error body the views really send, so the document describes it.
    code: int = Field(-1, description="Status Code")
    message: str = Field("Resource not found!", description="Exception Information")


def create_app(config: t.Mapping[str, t.Any] | None = None) -> OpenAPI:
    BOOKS.clear()
    BOOKS.update(
        {
            1: {"bid": 1, "age": 3, "author": "Beatrix Potter"},
            2: {"bid": 2, "age": 3, "author": None},  # a record the model does not allow
            3: {"bid": 3, "age": 9, "author": "Anon", "archived": True},
        }
    )
    info = Info(title="book API", version="1.0.0")
    # flask-openapi3 4.3 writes "securitySchemes: null" when an app has none, which is
    # invalid OpenAPI; contractkit's check names that location.
    security_schemes = {"jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    app = OpenAPI(__name__, info=info, security_schemes=security_schemes)
    app.config.update(config or {})

    @app.get(
        "/book/<int:bid>", tags=[book_tag], responses={200: BookResponse, 404: NotFoundResponse}
    )
    def get_book(path: BookPath) -> t.Any:
        """Get a book"""
        if path.bid not in BOOKS:
            return NotFoundResponse().model_dump(), 404
        return {key: BOOKS[path.bid][key] for key in ("bid", "age", "author")}

    @app.post("/book", tags=[book_tag], responses={201: BookResponse})
    def create_book(body: BookBody) -> t.Any:
        """Create a book"""
        book = {"bid": max(BOOKS) + 1, **body.model_dump()}
        BOOKS[book["bid"]] = book
        return book, 201

    @app.delete("/book/<int:bid>", tags=[book_tag], responses={204: None, 404: NotFoundResponse})
    def delete_book(path: BookPath) -> t.Any:
        """Delete a book"""
        if path.bid not in BOOKS:
            return NotFoundResponse().model_dump(), 404
        if BOOKS[path.bid].get("archived"):
            return "", 202  # a bug: the document promises 204
        del BOOKS[path.bid]
        return "", 204

    ck = ContractKit()  # contractkit
    ck.init_app(app, spec=lambda: app.api_doc)  # contractkit
    return app
