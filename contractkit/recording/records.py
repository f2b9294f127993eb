"""Record files: one JSON Lines file per process; one line per response, appended and flushed.

A line is ``{"count": N, "record": {...}}``: the app, endpoint, method,
status, status-line phrase, media type, header names and body shape of N
responses that looked the same. A killed process loses at most the line it
was writing; ``propose`` reads the lines before it and names the broken one.
Lines that would repeat one already written are counted in memory and written
as a count at most once a second (and when the process exits), so a busy
route grows the file by its new shapes, not by its traffic.

Reading a body's shape is most of a record's cost, so it is sampled: the
first :data:`SHAPED_FIRST` responses of a kind (app, endpoint, method,
status line, content type and header names) have their body read, then one
in :data:`SHAPE_EVERY`. The others are counted under a line saying
``"shaped": false``: counts stay exact, and how often a field was present or
null is computed over the bodies that were read.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import threading
import time
import typing as t
import uuid
from pathlib import Path

from werkzeug.wrappers import Response

from ..wire import essence, is_json
from .shapes import Shape, observe

#: Where records come from: the test suite, or a running app.
Source = t.Literal["tests", "production"]
#: The version of the record format, written in every record.
VERSION: t.Final = 1
#: The suffix of record files; ``propose`` reads these from a directory.
SUFFIX: t.Final = ".jsonl"
#: The largest body whose shape is read; a bigger one is recorded without a shape.
MAX_BODY: t.Final = 1024 * 1024
#: Distinct lines a writer remembers to count repeats of; beyond, each is written.
MAX_REMEMBERED: t.Final = 10_000
#: Responses of one kind whose body shape is always read; after them, one in :data:`SHAPE_EVERY`.
SHAPED_FIRST: t.Final = 100
SHAPE_EVERY: t.Final = 100
#: Headers every response has or that describe the body itself: not worth a name.
_IMPLIED_HEADERS: t.Final = frozenset({"content-type", "content-length"})


def response_record(
    app: str,
    endpoint: str,
    method: str,
    response: Response,
    source: Source,
    *,
    shaped: bool = True,
) -> dict[str, t.Any]:
    """What a record keeps of ``response``: names, types, counts; never a value.

    :param shaped: ``False`` records the response without reading its body:
        ``"body"`` is then null and ``"shaped"`` false.
    """
    media = _media(response)
    headers = {name.lower() for name, _ in response.headers.items()} - _IMPLIED_HEADERS
    record = {
        "v": VERSION,
        "source": source,
        "app": app,
        "endpoint": endpoint,
        "method": method,
        "status": response.status_code,
        "phrase": response.status.partition(" ")[2],
        "media": media,
        "headers": sorted(headers),
        "body": _body_shape(response, media) if shaped else None,
    }
    if not shaped:
        record["shaped"] = False
    return record


def _media(response: Response) -> str:
    return "" if _is_empty(response) else essence(response.headers.get("Content-Type"))


#: What tells responses apart before their body is read: a record line differs when it does.
_Kind = tuple[str, str, str, str, str, tuple[str, ...]]


def _kind(app: str, endpoint: str, method: str, response: Response) -> _Kind:
    return (
        app,
        endpoint,
        method,
        response.status,
        _media(response),
        tuple(response.headers.keys()),
    )


def _is_shaped(seen: int) -> bool:
    """Whether the body of the ``seen``-th response (from 0) of a kind is read."""
    return seen < SHAPED_FIRST or seen % SHAPE_EVERY == 0


def _is_empty(response: Response) -> bool:
    if response.is_streamed or response.direct_passthrough:
        return False
    return response.content_length == 0 or not response.get_data()


def _body_shape(response: Response, media: str) -> Shape | None:
    if not media or not is_json(media) or response.is_streamed or response.direct_passthrough:
        return None
    if "Content-Encoding" in response.headers:
        return None
    data = response.get_data()
    if len(data) > MAX_BODY:
        return None
    try:
        return observe(json.loads(data))
    except ValueError:
        return None  # the body check reports malformed JSON; a record has no shape for it


class RecordWriter:
    """Appends the records of this process to its own file under ``directory``.

    The file is opened at the first record, and again after a fork: gunicorn
    workers forked from a preloaded app each write their own.
    """

    def __init__(self, directory: str | os.PathLike[str], source: Source, interval: float) -> None:
        """
        :param interval: seconds between writes of repeat counts; 0 writes each response.
        """
        self.directory = Path(directory)
        self.source: Source = source
        self.interval = interval
        self._lock = threading.Lock()
        self._file: t.TextIO | None = None
        self._path: Path | None = None
        self._pid = 0
        self._pending: dict[str, int] = {}
        #: Responses of each kind so far, and the line of those whose body was not read.
        self._kinds: dict[_Kind, int] = {}
        self._unshaped: dict[_Kind, str] = {}
        self._flushed = time.monotonic()
        atexit.register(self.close)

    @property
    def path(self) -> Path | None:
        """The file this process writes, once it has written."""
        return self._path

    def add(self, app: str, endpoint: str, method: str, response: Response) -> None:
        """Record one response; its body's shape only as sampled (see the module)."""
        kind = _kind(app, endpoint, method, response)
        with self._lock:
            if os.getpid() != self._pid:
                self._open()
            seen = self._kinds.get(kind, 0)
            if seen or len(self._kinds) < MAX_REMEMBERED:
                self._kinds[kind] = seen + 1
            shaped = _is_shaped(seen)
            text = None if shaped else self._unshaped.get(kind)
        if text is None:
            record = response_record(app, endpoint, method, response, self.source, shaped=shaped)
            text = json.dumps(record, sort_keys=True, separators=(",", ":"))
        with self._lock:
            if not shaped:
                self._unshaped[kind] = text
            count = self._pending.get(text)
            if count is None or self.interval <= 0:
                if len(self._pending) < MAX_REMEMBERED:
                    self._pending[text] = 0
                self._write(text, 1)
                return
            self._pending[text] = count + 1
            if time.monotonic() - self._flushed >= self.interval:
                self._write_counts()

    def close(self) -> None:
        """Write the counts still pending and close the file."""
        with self._lock:
            if self._file is not None and os.getpid() == self._pid:
                self._write_counts()
                self._file.close()
            self._file = None

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pid = os.getpid()
        self._pending = {}
        self._kinds = {}
        self._unshaped = {}
        name = f"{self.source}-{socket.gethostname()}-{self._pid}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        self._path = self.directory / name
        self._file = self._path.open("a", encoding="utf-8")

    def _write(self, text: str, count: int) -> None:
        assert self._file is not None
        self._file.write(f'{{"count":{count},"record":{text}}}\n')
        self._file.flush()

    def _write_counts(self) -> None:
        for text, count in self._pending.items():
            if count:
                self._write(text, count)
                self._pending[text] = 0
        self._flushed = time.monotonic()


#: The writer of the running test session (``pytest --contract-record``), if any.
_session: RecordWriter | None = None


def session_writer() -> RecordWriter | None:
    """The test session's writer: the runtime check records violations to it too."""
    return _session


def set_session_writer(writer: RecordWriter | None) -> None:
    global _session
    _session = writer
