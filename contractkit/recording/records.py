"""Record files: one JSON Lines file per process; one line per response, appended and flushed.

A line is ``{"count": N, "record": {...}}``: the app, endpoint, method,
status, status-line phrase, media type, header names and body shape of N
responses that looked the same. A killed process loses at most the line it
was writing; ``propose`` reads the lines before it and names the broken one.
Lines that would repeat one already written are counted in memory and written
as a count at most once a second (and when the process exits), so a busy
route grows the file by its new shapes, not by its traffic.
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

from flask import Response

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
#: Headers every response has or that describe the body itself: not worth a name.
_IMPLIED_HEADERS: t.Final = frozenset({"content-type", "content-length"})


def response_record(
    app: str, endpoint: str, method: str, response: Response, source: Source
) -> dict[str, t.Any]:
    """What a record keeps of ``response``: names, types, counts; never a value."""
    media = "" if _is_empty(response) else essence(response.headers.get("Content-Type"))
    headers = {name.lower() for name, _ in response.headers.items()} - _IMPLIED_HEADERS
    return {
        "v": VERSION,
        "source": source,
        "app": app,
        "endpoint": endpoint,
        "method": method,
        "status": response.status_code,
        "phrase": response.status.partition(" ")[2],
        "media": media,
        "headers": sorted(headers),
        "body": _body_shape(response, media),
    }


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
        self._flushed = time.monotonic()
        atexit.register(self.close)

    @property
    def path(self) -> Path | None:
        """The file this process writes, once it has written."""
        return self._path

    def add(self, app: str, endpoint: str, method: str, response: Response) -> None:
        """Record one response."""
        record = response_record(app, endpoint, method, response, self.source)
        text = json.dumps(record, sort_keys=True, separators=(",", ":"))
        with self._lock:
            if os.getpid() != self._pid:
                self._open()
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
