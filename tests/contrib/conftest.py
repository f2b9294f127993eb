"""connexion imported once, past the deprecation warnings of its own imports."""

import warnings

with warnings.catch_warnings():
    # connexion 3.3 imports jsonschema's RefResolver and RefResolutionError, deprecated
    # since jsonschema 4.18; nothing of contractkit's is concerned.
    warnings.simplefilter("ignore", DeprecationWarning)
    import connexion  # noqa: F401
