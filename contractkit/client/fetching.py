"""A document fetched over HTTP(S): redirects followed to http(s) URLs only, one deadline for all.

``urllib``'s own ``timeout`` bounds each wait for the network, not the fetch:
a server that sends one byte every half second is never waiting long enough
to time out. Here a timer shuts the fetch's sockets down when its time is up,
whichever read or hop it is in, and the fetch then fails saying so. Proxies
set in the environment (``https_proxy``...) are used, as by ``urlopen``.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import typing as t
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from ..errors import SpecFileError

#: Largest document fetched. The example app's is 20 KB; large public APIs
#: publish a few MB.
MAX_DOCUMENT_BYTES: t.Final = 16 * 1024 * 1024
#: Seconds a whole fetch may take: connecting, redirects and every read.
FETCH_TIMEOUT: t.Final = 30.0
#: Redirects followed, at most; a document moved more often than that is lost.
MAX_REDIRECTS: t.Final = 5

_SCHEMES: t.Final = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    """What the server answered, after any redirects."""

    data: bytes
    #: The media type of ``Content-Type``, such as ``application/json``.
    content_type: str
    #: The URL that answered: the one asked for, or the last redirect's.
    url: str


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """The document served at ``url``, fetched within ``timeout`` seconds in all.

    :raises ~contractkit.SpecFileError: for a URL that is not http(s), a
        redirect to one that is not, more than :data:`MAX_REDIRECTS` redirects,
        an error status, a document over :data:`MAX_DOCUMENT_BYTES`, a fetch
        past ``timeout``, or any failure of the network; each message names
        the URL and, after redirects, every hop.
    """
    if urlsplit(url).scheme.lower() not in _SCHEMES:
        raise SpecFileError(
            f"cannot fetch {url!r}: give an http:// or https:// URL, or read a file with "
            "ClientContract.from_file()."
        )
    redirects = _Redirects(url)
    with _Deadline(timeout) as deadline:
        try:
            return _fetch(url, deadline, redirects)
        except _Refused as refused:
            problem = str(refused)
        except urllib.error.HTTPError as error:
            error.close()  # it holds the answer's open connection
            problem = f"the server answered {error.code} {error.reason}"
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            problem = _reason(error)
        if deadline.passed:
            problem = (
                f"it took longer than timeout={timeout:g} seconds in all; give a larger "
                "timeout=, or download the document and use ClientContract.from_file()"
            )
    raise SpecFileError(f"cannot fetch {url}{redirects.trail()}: {problem}.")


def _fetch(url: str, deadline: _Deadline, redirects: _Redirects) -> Fetched:
    opener = urllib.request.OpenerDirector()
    # Only these: no ftp:, file: or data: handler that a redirect could reach.
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        redirects,
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    with opener.open(url, timeout=deadline.remaining()) as answer:
        length = answer.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > MAX_DOCUMENT_BYTES:
            raise _Refused(_too_big())
        data = answer.read(MAX_DOCUMENT_BYTES + 1)
        content_type = answer.headers.get_content_type()
        final = answer.url
    if deadline.passed:
        raise _Refused("the deadline passed")  # the data may have been cut short
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _Refused(_too_big())
    return Fetched(data, content_type, final)


class _Refused(Exception):
    """The fetch stops here; the message says why."""


class _Deadline:
    """Shuts down every socket of one fetch when its time is up, wherever it is waiting.

    Each socket also waits at most the time left for any one read, so a
    fetch past its deadline fails at once whichever way it is reading.
    """

    def __init__(self, seconds: float) -> None:
        self._at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        #: Whether the time ran out.
        self.passed = False

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()
        self._timer.join()

    def remaining(self) -> float:
        """Seconds left; a ``TimeoutError`` when there are none."""
        left = self._at - time.monotonic()
        if left <= 0 or self.passed:
            raise TimeoutError("timed out")
        return left

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the time is up (now, if it is)."""
        with self._lock:
            self._sockets.append(sock)
            if self.passed:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # closed already
        sock.shutdown(socket.SHUT_RDWR)  # wakes a read waiting in another thread


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: t.Any, deadline: _Deadline, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        self.timeout = self._deadline.remaining()
        super().connect()
        self._deadline.watch(self.sock)


class _HTTPSConnection(_HTTPConnection, http.client.HTTPSConnection):
    """:class:`_HTTPConnection`'s deadline around TLS: its ``connect`` runs
    ``HTTPSConnection.connect`` (next in the MRO), then watches the TLS socket."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection: t.Any = _HTTPConnection  # takes the deadline do_open passes on
        return self.do_open(connection, req, deadline=self._deadline)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline
        self._tls = ssl.create_default_context()

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection: t.Any = _HTTPSConnection  # takes the deadline do_open passes on
        return self.do_open(connection, req, context=self._tls, deadline=self._deadline)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only, at most :data:`MAX_REDIRECTS`, noting each hop."""

    # urllib's own limits come after ours.
    max_redirections = MAX_REDIRECTS + 1

    def __init__(self, url: str) -> None:
        self._url = url
        #: Each redirect: its status and where it went.
        self.hops: list[tuple[int, str]] = []

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: t.IO[bytes],
        code: int,
        msg: str,
        headers: Message,
    ) -> t.Any:
        location = headers.get("Location") or headers.get("URI")
        if location is not None:
            target = urljoin(req.full_url, location.strip())
            self.hops.append((code, target))
            if urlsplit(target).scheme.lower() not in _SCHEMES:
                fp.close()
                raise _Refused(
                    f"it redirects to {target}, and only redirects to http:// and https:// "
                    "URLs are followed"
                )
            if len(self.hops) > MAX_REDIRECTS:
                fp.close()
                raise _Refused(f"it redirects more than {MAX_REDIRECTS} times")
        return super().http_error_302(req, fp, code, msg, headers)  # type: ignore[arg-type]

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def trail(self) -> str:
        """`` (redirected: A → 302 → B → 301 → C)``, or nothing without redirects."""
        if not self.hops:
            return ""
        steps = "".join(f" → {code} → {target}" for code, target in self.hops)
        return f" (redirected: {self._url}{steps})"


def _reason(error: BaseException) -> str:
    """What went wrong, in words, never empty."""
    reason = getattr(error, "reason", None)
    cause: object = reason if reason is not None else error
    text = str(cause).strip()
    if isinstance(cause, TimeoutError) or text == "timed out":
        return "the server did not answer in time"
    if isinstance(cause, BaseException):
        return f"{type(cause).__name__}: {text}" if text else type(cause).__name__
    return text or type(error).__name__


def _too_big() -> str:
    return (
        f"it is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB, the most contractkit "
        "fetches; download it and use ClientContract.from_file()"
    )
