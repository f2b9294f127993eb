"""A server-rendered blog in the Flask tutorial's style (flaskr).

Blueprints for auth and posts, HTML pages, forms, redirects, ``abort(403)``
and ``abort(404)``, GET+POST function views declared per method, a
``login_required`` decorator, and the tutorial's ``app.add_url_rule("/",
endpoint="index")`` alias, which has no view of its own.
"""

from __future__ import annotations

import functools
import typing as t

from flask import (
    Blueprint,
    Flask,
    abort,
    g,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)
from marshmallow import Schema, fields, validate
from werkzeug.security import check_password_hash, generate_password_hash

from contractkit import ContractKit, accepts, responds

NAME = "blog"
ck = ContractKit()

PAGE = "<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1>{{ body }}"


def page(title: str, body: str = "", status: int = 200) -> t.Any:
    return render_template_string(PAGE, title=title, body=body), status


class CredentialsSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1))
    password = fields.String(required=True, validate=validate.Length(min=1))


class PostSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1))
    body = fields.String(load_default="")


#: Every page and form answer is HTML; a redirect carries where to go.
html = functools.partial(responds, 200, content_type="text/html")
moved = functools.partial(
    responds, 302, headers={"Location": {"description": "Where to go next.", "required": True}}
)

auth = Blueprint("auth", __name__, url_prefix="/auth")


def _db() -> dict[str, t.Any]:
    from flask import current_app

    return t.cast(dict[str, t.Any], current_app.extensions["blog_db"])


@auth.before_app_request
def load_logged_in_user() -> None:
    user_id = session.get("user_id")
    g.user = _db()["users_by_id"].get(user_id) if user_id is not None else None


def login_required(view: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    @functools.wraps(view)
    def wrapped(**kwargs: t.Any) -> t.Any:
        if g.user is None:
            return redirect(url_for("auth.login"))
        return view(**kwargs)

    return wrapped


@auth.route("/register", methods=("GET", "POST"))
@html(methods=["GET", "POST"], description="The form, or the form again with the error.")
@accepts(CredentialsSchema, location="form", methods=["POST"])
@moved(methods=["POST"], description="Registered: on to the login page.")
def register(form: dict[str, str] | None = None) -> t.Any:
    if request.method == "POST" and form is not None:
        users = _db()["users"]
        if form["username"] in users:
            return page("Register", f"User {form['username']} is already registered.")
        user = {"id": len(users) + 1, "username": form["username"]}
        user["password"] = generate_password_hash(form["password"])
        users[form["username"]] = user
        _db()["users_by_id"][user["id"]] = user
        return redirect(url_for("auth.login"))
    return page("Register", "<form method=post>...</form>")


@auth.route("/login", methods=("GET", "POST"))
@html(methods=["GET", "POST"], description="The form, or the form again with the error.")
@accepts(CredentialsSchema, location="form", methods=["POST"])
@moved(methods=["POST"], description="Logged in: on to the posts.")
def login(form: dict[str, str] | None = None) -> t.Any:
    if request.method == "POST" and form is not None:
        user = _db()["users"].get(form["username"])
        if user is None or not check_password_hash(user["password"], form["password"]):
            return page("Log In", "Incorrect username or password.")
        session.clear()
        session["user_id"] = user["id"]
        return redirect(url_for("index"))
    return page("Log In", "<form method=post>...</form>")


@auth.route("/logout")
@moved(description="Logged out: back to the posts.")
def logout() -> t.Any:
    session.clear()
    return redirect(url_for("index"))


blog = Blueprint("blog", __name__)


@blog.route("/")
@html(description="Every post, newest first.")
def index() -> t.Any:
    posts = sorted(_db()["posts"].values(), key=lambda p: -p["id"])
    return page("Posts", "".join(f"<article>{p['title']}</article>" for p in posts))


@blog.route("/create", methods=("GET", "POST"))
@login_required
@html(methods=["GET"], description="The form.")
@accepts(PostSchema, location="form", methods=["POST"])
@moved(description="Logged out: to the login page; or created: to the posts.")
def create(form: dict[str, str] | None = None) -> t.Any:
    if request.method == "POST" and form is not None:
        posts = _db()["posts"]
        post_id = max(posts, default=0) + 1
        posts[post_id] = {"id": post_id, "author_id": g.user["id"], **form}
        return redirect(url_for("blog.index"))
    return page("New Post", "<form method=post>...</form>")


def get_post(post_id: int, check_author: bool = True) -> dict[str, t.Any]:
    post = _db()["posts"].get(post_id)
    if post is None:
        abort(404, f"Post id {post_id} doesn't exist.")
    if check_author and post["author_id"] != g.user["id"]:
        abort(403)
    return t.cast(dict[str, t.Any], post)


#: The post pages answer 404 for a post that does not exist, 403 for another's post.
post_errors = [
    responds(404, content_type="text/html", description="No such post."),
    responds(403, content_type="text/html", description="The post is someone else's."),
]


@blog.route("/<int:post_id>/update", methods=("GET", "POST"))
@login_required
@html(methods=["GET"], description="The form, filled in.")
@accepts(PostSchema, location="form", methods=["POST"])
@moved(description="Logged out: to the login page; or updated: to the posts.")
@post_errors[0]
@post_errors[1]
def update(post_id: int, form: dict[str, str] | None = None) -> t.Any:
    post = get_post(post_id)
    if request.method == "POST" and form is not None:
        post.update(form)
        return redirect(url_for("blog.index"))
    return page("Edit", f"<form method=post>{post['title']}</form>")


@blog.route("/<int:post_id>/delete", methods=("POST",))
@login_required
@moved(description="Logged out: to the login page; or deleted: to the posts.")
@post_errors[0]
@post_errors[1]
def delete(post_id: int) -> t.Any:
    get_post(post_id)
    del _db()["posts"][post_id]
    return redirect(url_for("blog.index"))


def create_app() -> Flask:
    app = Flask(NAME)
    app.config.update(
        SECRET_KEY="dev",
        CONTRACTKIT_MODE="strict",
        # This site answers its errors as HTML pages, as the tutorial's does.
        CONTRACTKIT_JSON_ERRORS=False,
        # The tutorial's alias of blog.index for url_for("index"): a rule with no view.
        CONTRACTKIT_EXEMPT_ENDPOINTS=["index"],
    )
    app.extensions["blog_db"] = {"users": {}, "users_by_id": {}, "posts": {}}
    app.register_blueprint(auth)
    app.register_blueprint(blog)
    app.add_url_rule("/", endpoint="index")
    ck.init_app(app)
    ck.contract(app)
    return app
