"""The other end of the wire: a client that knows the contract.

:class:`ClientContract` reads an API's OpenAPI document (a file or a URL)
and tells a client what each status code means and whether a response it
received keeps the contract. Neither requests nor httpx is imported until a
response of theirs is checked.
"""

from .contract import ClientContract, response_checked

__all__ = ["ClientContract", "response_checked"]
