"""Loading the app named on the command line, the way ``flask --app`` or ``quart --app`` does."""

from __future__ import annotations

import contextlib
import sys
import typing as t

import click
from flask.cli import NoAppException, ScriptInfo
from flask.sansio.app import App

from ..errors import AppLoadError

_NOWHERE = "wsgi.py or app.py"


class AppLoader(t.Protocol):
    """What loads the app: Flask's :class:`~flask.cli.ScriptInfo`, or Quart's of ``quart``."""

    app_import_path: str | None

    def load_app(self) -> t.Any: ...


def group_loader(context: click.Context) -> AppLoader | None:
    """The loader of the ``flask`` or ``quart`` command running this one, if one is.

    Quart's is looked for only where Quart is already imported: its command
    line is, when ``quart contract`` runs.
    """
    found: AppLoader | None = context.find_object(ScriptInfo)
    if found is None and "quart" in sys.modules:
        from ..adapters.quart import quart_script_info

        found = context.find_object(quart_script_info())
    return found


def script_info(import_path: str | None) -> AppLoader:
    """A Flask :class:`~flask.cli.ScriptInfo` for ``import_path``.

    ``import_path`` takes every form ``flask --app`` takes (``module``,
    ``module:app``, ``module:create_app()``, ``path/to/app.py``); ``None`` looks
    for ``wsgi.py`` or ``app.py`` in the working directory, as Flask does. The
    debug flag is left alone: exporting must not depend on ``FLASK_DEBUG``.
    """
    return ScriptInfo(app_import_path=import_path, set_debug_flag=False)


def load_app(info: AppLoader) -> App:
    """Import and return the app ``info`` names, turning every failure into one line.

    Flask's own loader does the work, so an import path means the same here as
    for ``flask run``; where it finds no Flask app and the import brought in
    Quart, Quart's loader reads the same path as ``quart run`` would (a
    factory is then called by each). What the app prints while it is imported
    goes to stderr: ``contractkit export -`` writes the document to stdout and
    must not be interleaved with it.
    """
    where = repr(info.app_import_path) if info.app_import_path else _NOWHERE
    try:
        with contextlib.redirect_stdout(sys.stderr):
            try:
                return t.cast(App, info.load_app())
            except NoAppException as error:
                quart_app = _quart_app(info, error)
                if quart_app is None:
                    raise
                return quart_app
    except click.UsageError as error:  # Flask's NoAppException, or Quart's
        raise AppLoadError(_no_app_message(error, where)) from error
    except SystemExit as error:
        # A module ending in sys.exit(app.run()) exits with 0 once app.run()
        # returns (it does at once under a CLI); left alone, the command would
        # exit 0 or the module's code having written nothing.
        code = repr(error.code)[:60]
        raise AppLoadError(
            f"the app module {where} exited while being imported (sys.exit({code})); put "
            "that call under 'if __name__ == \"__main__\":' so importing only builds the app."
        ) from None
    except Exception as error:
        # The app's own import or factory failed; its code, not ours, so say what it raised.
        raise AppLoadError(
            f"loading the app {where} failed: {type(error).__name__}: {_one_line(error)}"
        ) from error


def _quart_app(info: AppLoader, error: NoAppException) -> App | None:
    """The Quart app Flask's loader found no Flask app in, or ``None``."""
    if not isinstance(info, ScriptInfo) or "quart" not in sys.modules:
        return None
    from ..adapters.quart import quart_script_info

    try:
        loaded = quart_script_info()(app_import_path=info.app_import_path, set_debug_flag=False)
        return t.cast(App, loaded.load_app())
    except click.UsageError:
        return None  # Quart found none either: Flask's message says what to do


def _no_app_message(error: click.UsageError, where: str) -> str:
    # Flask puts a whole traceback into the message when the module's own import
    # fails; the ImportError it replaced says the same in one line.
    if where == _NOWHERE:
        return (
            "no app to load: give --app IMPORT or set FLASK_APP; there is no wsgi.py or "
            "app.py with an app in the current directory either."
        )
    context = error.__context__
    if "\n" in error.format_message() and isinstance(context, ImportError):
        return f"loading the app {where} failed: {type(context).__name__}: {_one_line(context)}"
    return f"cannot load the app {where}: {_one_line(error)}"


def _one_line(error: BaseException) -> str:
    text = error.format_message() if isinstance(error, click.UsageError) else str(error)
    return " ".join(text.split()) or type(error).__name__
