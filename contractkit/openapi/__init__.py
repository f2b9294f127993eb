"""Publishing a contract: the OpenAPI document built, rendered and served.

Internal: the modules in here are not public API and may change in any release;
import public names from :mod:`contractkit`.
"""
