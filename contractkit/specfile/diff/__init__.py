"""Contract changes between two OpenAPI documents, classified by which side of the wire they are on.

A request schema is what the server accepts: narrowing it breaks clients. A
response schema is what clients must read: widening its shape breaks them.
"""

from .model import LEVELS, RANK, Change, DiffError, Level
from .operations import diff_documents
from .render import diff_json, diff_markdown, diff_text

__all__ = [
    "LEVELS",
    "RANK",
    "Change",
    "DiffError",
    "Level",
    "diff_documents",
    "diff_json",
    "diff_markdown",
    "diff_text",
]
