"""What the stub can answer for each operation: its codes, examples and schemas, read once."""

from __future__ import annotations

import json
import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..http import BODYLESS, RESPONSE_RANGE
from ..runtime.body_compiler import BodyCompiler
from ..specfile.locations import follow, json_path
from ..specfile.response_headers import required_headers
from ..wire import is_json
from .examples import Parts, example_problem, media_examples, schema_example_problems
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
    #: Documented examples that break the schema, by name: ``"$.paths...: at /id: ..."``.
    refused: dict[str, str] = field(default_factory=dict)
    #: Schema-level examples (``example``/``examples`` of the schemas reached) that
    #: break their schema, each ``"$.components...: at ...: ..."``; where there
    #: are any, bodies are generated without taking schemas' examples as values.
    bad_schema_examples: tuple[str, ...] = ()

    def generated(self, document: Mapping[str, t.Any], seed: str) -> t.Any:
        """A body generated from :attr:`schema` for ``seed``."""
        return generate(document, self.schema, seed, schema_examples=not self.bad_schema_examples)

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
    #: Schema-level examples of those headers that break their schema, as
    #: :attr:`Body.bad_schema_examples`: where there are any, header values are
    #: generated without taking schemas' examples.
    bad_header_examples: tuple[str, ...] = ()

    def header_value(self, document: Mapping[str, t.Any], name: str, seed: str) -> str:
        """A value for the required header ``name``, generated from its schema as text."""
        value = generate(
            document, self.headers[name], seed, schema_examples=not self.bad_header_examples
        )
        return value if isinstance(value, str) else json.dumps(value)


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
    compiler: BodyCompiler,
    requests: BodyCompiler,
    method: str,
    path: str,
    operation: Mapping[str, t.Any],
) -> MockOperation:
    """Read ``operation``'s responses and inputs; schemas are tried once here, not per request.

    :param compiler: compiles response schemas; ``requests``, request schemas.
    """
    document = compiler.document
    responses = follow(document, operation.get("responses"))
    responses = responses if isinstance(responses, Mapping) else {}
    answers: dict[int, Answer] = {}
    covering: dict[str, Answer] = {}
    for key, response in responses.items():
        text = str(key).upper()
        if len(text) == 3 and text.isdigit():
            at = ("paths", path, method.lower(), "responses", str(key))
            answers[int(text)] = _answer(compiler, int(text), follow(document, response), at)
        elif RESPONSE_RANGE.fullmatch(text) or text == "DEFAULT":
            at = ("paths", path, method.lower(), "responses", str(key))
            key = text if text != "DEFAULT" else "default"
            covering[key] = _answer(compiler, key, follow(document, response), at)
    codes = sorted(answers)
    success = [code for code in codes if 200 <= code < 300]
    default = success[0] if success else (codes[0] if codes else None)
    if not success and ("2XX" in covering or "default" in covering):
        default = 200  # a 2XX range, or default, covers it, and a client expects a success
    name = f"{method} {path}"
    path_item = follow(document, document["paths"][path])
    inputs = input_check(requests, t.cast(Mapping[str, t.Any], path_item), operation, name)
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


def _answer(compiler: BodyCompiler, code: int | str, response: object, at: Parts) -> Answer:
    document = compiler.document
    response = response if isinstance(response, Mapping) else {}
    declared = follow(document, response.get("headers"))
    declared = declared if isinstance(declared, Mapping) else {}
    headers: dict[str, object] = {}
    bad_headers: list[str] = []
    for name in required_headers(document, response):
        header = follow(document, declared.get(name))
        headers[name] = header.get("schema", {}) if isinstance(header, Mapping) else {}
        where = (*at, "headers", name, "schema")
        found = schema_example_problems(compiler, headers[name], where)
        bad_headers.extend(f"{place}: {problem}" for place, problem in found)
    content = follow(document, response.get("content"))
    bodyless = isinstance(code, int) and code in BODYLESS
    if bodyless or not isinstance(content, Mapping) or not content:
        return Answer(code, None, headers, tuple(bad_headers))
    names = list(map(str, content))
    # JSON first: the type clients of a JSON API read.
    media_type = next((name for name in names if is_json(name)), names[0])
    media = follow(document, content[media_type])
    media = media if isinstance(media, Mapping) else {}
    at = (*at, "content", media_type)
    schema = media.get("schema", {})
    examples: dict[str, t.Any] = {}
    refused: dict[str, str] = {}
    for name, value, place in media_examples(document, media, at):
        if name in examples or name in refused:
            continue  # a named example called "example" comes before the single one
        problem = example_problem(compiler, schema, value)
        if problem is None:
            examples[name] = value
        else:
            refused[name] = f"{json_path(place)}: {problem}"
    # The generator takes schemas' own examples as values: only where all are valid.
    bad_values = schema_example_problems(compiler, schema, (*at, "schema"))
    ungenerable = None
    try:
        generate(document, schema, "start-up", schema_examples=not bad_values)
    except GenerationError as error:
        ungenerable = str(error)
    body = Body(
        media_type,
        examples,
        schema,
        ungenerable,
        refused,
        tuple(f"{where}: {problem}" for where, problem in bad_values),
    )
    return Answer(code, body, headers, tuple(bad_headers))
