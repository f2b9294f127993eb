"""What the stub can answer for each operation: its codes, examples and schemas, read once."""

from __future__ import annotations

import json
import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..http import BODYLESS, RESPONSE_RANGE
from ..runtime.body_compiler import BodyCompiler
from ..specfile.locations import follow
from ..specfile.response_headers import required_headers
from ..wire import is_json
from .generation import GenerationError, generate
from .inputs import InputCheck, input_check


@dataclass(frozen=True)
class Body:
    """One body a response declares: its media type, named examples and schema."""

    media_type: str
    #: Documented examples by name; a single ``example`` is named ``"example"``.
    examples: dict[str, t.Any]
    schema: object
    #: Why no body can be generated from the schema, if none can.
    ungenerable: str | None = None

    def encode(self, value: t.Any) -> bytes:
        """``value`` as the bytes sent under :attr:`media_type`."""
        if is_json(self.media_type):
            return json.dumps(value, ensure_ascii=False).encode()
        return (value if isinstance(value, str) else json.dumps(value)).encode()


@dataclass(frozen=True)
class Answer:
    """One declared code of an operation, as the stub sends it."""

    #: The code, or the ``"4XX"``/``"default"`` key of a response that covers several.
    code: int | str
    body: Body | None
    #: Header name -> header schema, for each header the response requires.
    headers: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class MockOperation:
    """One operation of the document and every code it declares."""

    name: str
    method: str
    path: str
    #: Declared codes, by code.
    answers: dict[int, Answer]
    #: The code answered when the client asks for none: the lowest 2xx, else the lowest.
    default: int | None
    #: What a request must hold; else the input error answers.
    inputs: InputCheck
    #: The code of the input error: 422, else 400, where declared or covered (see
    #: :func:`input_error`); ``None`` where nothing the operation declares covers either.
    input_error: int | None
    #: Responses covering codes not listed: ``"4XX"`` (upper case) and ``"default"``.
    covering: dict[str, Answer] = field(default_factory=dict)

    def answer(self, code: int) -> Answer | None:
        """What ``code`` is answered with: its own response, else its class's range, else
        ``default`` (OpenAPI 3.1 §4.8.16.1: the most specific response wins)."""
        found = self.answers.get(code)
        if found is not None:
            return found
        return self.covering.get(f"{code // 100}XX") or self.covering.get("default")


def mock_operation(
    compiler: BodyCompiler, method: str, path: str, operation: Mapping[str, t.Any]
) -> MockOperation:
    """Read ``operation``'s responses; schemas are tried once here, not per request."""
    document = compiler.document
    responses = follow(document, operation.get("responses"))
    responses = responses if isinstance(responses, Mapping) else {}
    answers: dict[int, Answer] = {}
    covering: dict[str, Answer] = {}
    for key, response in responses.items():
        text = str(key).upper()
        if len(text) == 3 and text.isdigit():
            answers[int(text)] = _answer(document, int(text), follow(document, response))
        elif RESPONSE_RANGE.fullmatch(text) or text == "DEFAULT":
            key = text if text != "DEFAULT" else "default"
            covering[key] = _answer(document, key, follow(document, response))
    codes = sorted(answers)
    success = [code for code in codes if 200 <= code < 300]
    default = success[0] if success else (codes[0] if codes else None)
    if not success and ("2XX" in covering or "default" in covering):
        default = 200  # a 2XX range, or default, covers it, and a client expects a success
    name = f"{method} {path}"
    path_item = follow(document, document["paths"][path])
    inputs = input_check(compiler, t.cast(Mapping[str, t.Any], path_item), operation, name)
    return MockOperation(
        name, method, path, answers, default, inputs, input_error(answers, covering), covering
    )


def input_error(answers: Mapping[int, Answer], covering: Mapping[str, Answer]) -> int | None:
    """The code invalid input is answered with, as Prism's decision engine picks it.

    422 where listed, else 400 where listed, else 422 where ``4XX`` or
    ``default`` covers it (422 being what the real app answers unless
    ``CONTRACTKIT_INPUT_ERROR_STATUS`` says 400). ``None`` where nothing
    covers either: the real app in strict mode answers such an undeclared
    code with a 500 naming it, and so does the stub.
    """
    if 422 in answers or 400 in answers:
        return 422 if 422 in answers else 400
    return 422 if "4XX" in covering or "default" in covering else None


def _answer(document: Mapping[str, t.Any], code: int | str, response: object) -> Answer:
    response = response if isinstance(response, Mapping) else {}
    declared = follow(document, response.get("headers"))
    declared = declared if isinstance(declared, Mapping) else {}
    headers: dict[str, object] = {}
    for name in required_headers(document, response):
        header = follow(document, declared.get(name))
        headers[name] = header.get("schema", {}) if isinstance(header, Mapping) else {}
    content = follow(document, response.get("content"))
    if (
        (isinstance(code, int) and code in BODYLESS)
        or not isinstance(content, Mapping)
        or not content
    ):
        return Answer(code, None, headers)
    names = list(map(str, content))
    # JSON first: the type clients of a JSON API read.
    media_type = next((name for name in names if is_json(name)), names[0])
    media = follow(document, content[media_type])
    media = media if isinstance(media, Mapping) else {}
    examples: dict[str, t.Any] = {}
    named = follow(document, media.get("examples"))
    for name, example in (named if isinstance(named, Mapping) else {}).items():
        example = follow(document, example)
        if isinstance(example, Mapping) and "value" in example:
            examples[str(name)] = example["value"]
    if "example" in media:
        examples.setdefault("example", media["example"])
    schema = media.get("schema", {})
    ungenerable = None
    try:
        generate(document, schema, "start-up")
    except GenerationError as error:
        ungenerable = str(error)
    return Answer(code, Body(media_type, examples, schema, ungenerable), headers)


def header_value(document: Mapping[str, t.Any], schema: object, seed: str) -> str:
    """A value for a required header, generated from its schema as text."""
    value = generate(document, schema, seed)
    return value if isinstance(value, str) else json.dumps(value)
