"""HTTP's own lists that every flow shares: methods, and the codes that carry no content.

Internal. One home for each, imported by the decorators, the document
builder, the runtime check, the spec-file readers and the client alike: a
second copy is how 0.3's copies came to disagree. It imports no web
framework, so the spec-file tools and the client use it without Flask.
"""

from __future__ import annotations

import re
import typing as t

#: The operation keys of an OpenAPI 3.0/3.1 Path Item Object, in the order the
#: specification lists them (and reports name them). A route may serve other
#: methods (``PURGE``, WebDAV's): checked at runtime, but in no document.
PATH_ITEM_METHODS: t.Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

#: The operation keys of a Swagger 2.0 Path Item Object: 3.x's less ``trace``.
SWAGGER2_METHODS: t.Final = tuple(method for method in PATH_ITEM_METHODS if method != "trace")

#: :data:`PATH_ITEM_METHODS` as request methods (``"GET"``), as Flask's rules spell them.
OPENAPI_METHODS: t.Final = frozenset(method.upper() for method in PATH_ITEM_METHODS)

#: Methods a Flask route answers by itself (HEAD as its GET, OPTIONS with the
#: ``Allow`` header): they are never operations of a contract of their own.
AUTOMATIC_METHODS: t.Final = frozenset({"HEAD", "OPTIONS"})

#: Standard codes that never carry content (RFC 9110 §15.3.5, §15.3.6, §15.4.5).
BODYLESS: t.Final[frozenset[int]] = frozenset({204, 205, 304})

#: :data:`BODYLESS` as an OpenAPI document's response keys (``"204"``).
BODYLESS_KEYS: t.Final = frozenset(str(code) for code in BODYLESS)

#: An OpenAPI 3 response key covering a class of codes (``"4XX"``; compare in upper case).
RESPONSE_RANGE: t.Final = re.compile(r"[1-5]XX")
