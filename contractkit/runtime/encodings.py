"""Bodies an ``after_request`` hook compressed: decoded for the check, or left unchecked."""

from __future__ import annotations

import logging
import zlib

logger = logging.getLogger("contractkit")

#: Encodings already said to leave bodies unchecked; each is logged once per process.
_unreadable: set[str] = set()


def decode_content(data: bytes, content_encoding: str) -> bytes | None:
    """``data`` as it was before ``Content-Encoding`` was applied, or ``None``.

    A compression hook registered after ``init_app`` runs before the check
    (Flask runs ``after_request`` hooks last-registered first), so the check
    sees the compressed bytes. gzip and deflate are undone; any other coding
    (br, zstd, or several) leaves the body unchecked, said once in the log,
    never reported as a body that is not JSON.
    """
    coding = content_encoding.strip().lower()
    try:
        if coding in ("", "identity"):
            return data
        if coding in ("gzip", "x-gzip"):
            return zlib.decompress(data, wbits=zlib.MAX_WBITS | 16)
        if coding == "deflate":
            try:
                return zlib.decompress(data)
            except zlib.error:
                return zlib.decompress(data, wbits=-zlib.MAX_WBITS)  # raw deflate, as some send
    except zlib.error:
        return b"\x00"  # not the coding it claims: no JSON body can match it
    if coding not in _unreadable:
        _unreadable.add(coding)
        logger.warning(
            "response bodies with Content-Encoding: %s are not checked against their "
            "schemas: contractkit decodes only gzip and deflate",
            coding,
        )
    return None
