"""contractkit: a Flask API's status codes as a published, checked contract.

Names are imported on first use (PEP 562), so ``import contractkit`` (which
pytest does for the ``contractkit.testing.pytest_plugin`` entry point in every
project that installs contractkit) costs nothing until a name is used.

The public API is ``__all__`` below, the ``CONTRACTKIT_*`` config keys, the
``contractkit`` and ``flask contract`` commands and the pytest plugin's
options. Every other module (the subpackages, ``state``, ``config``) is
internal: it may change in any release.
"""

from __future__ import annotations

import importlib
import typing as t

#: The name contractkit is published under on PyPI (``pip install flask-contractkit``),
#: after Flask's convention for extensions; the import name and the command stay
#: ``contractkit``. An unrelated project owns ``contractkit`` on PyPI.
DISTRIBUTION: t.Final = "flask-contractkit"

if t.TYPE_CHECKING:
    __version__: str
    from .client import ClientContract
    from .declare.decorators import accepts, exempt, responds
    from .declare.registry import CustomStatus
    from .errors import (
        AppLoadError,
        BodyCheckWarning,
        ConfigError,
        ContractError,
        ContractViolationError,
        ContractWarning,
        DeclarationError,
        InfrastructureCodeWarning,
        RegistrationError,
        SpecError,
        SpecFileError,
        UnregisteredStatusError,
    )
    from .extension import ContractKit
    from .problem import ProblemSchema, ValidationProblemSchema
    from .runtime.violations import Violation, ViolationStore, violation_recorded
    from .testing.schemathesis import schemathesis_config, schemathesis_toml

#: Each public name and the module that defines it.
_HOMES = {
    "ClientContract": ".client",
    "accepts": ".declare.decorators",
    "exempt": ".declare.decorators",
    "responds": ".declare.decorators",
    "CustomStatus": ".declare.registry",
    "AppLoadError": ".errors",
    "BodyCheckWarning": ".errors",
    "ConfigError": ".errors",
    "ContractError": ".errors",
    "ContractViolationError": ".errors",
    "ContractWarning": ".errors",
    "DeclarationError": ".errors",
    "InfrastructureCodeWarning": ".errors",
    "RegistrationError": ".errors",
    "SpecError": ".errors",
    "SpecFileError": ".errors",
    "UnregisteredStatusError": ".errors",
    "ContractKit": ".extension",
    "ProblemSchema": ".problem",
    "ValidationProblemSchema": ".problem",
    "Violation": ".runtime.violations",
    "ViolationStore": ".runtime.violations",
    "violation_recorded": ".runtime.violations",
    "schemathesis_config": ".testing.schemathesis",
    "schemathesis_toml": ".testing.schemathesis",
}

__all__ = [
    "AppLoadError",
    "BodyCheckWarning",
    "ClientContract",
    "ConfigError",
    "ContractError",
    "ContractKit",
    "ContractViolationError",
    "ContractWarning",
    "CustomStatus",
    "DeclarationError",
    "InfrastructureCodeWarning",
    "ProblemSchema",
    "RegistrationError",
    "SpecError",
    "SpecFileError",
    "UnregisteredStatusError",
    "ValidationProblemSchema",
    "Violation",
    "ViolationStore",
    "accepts",
    "exempt",
    "responds",
    "schemathesis_config",
    "schemathesis_toml",
    "violation_recorded",
]


def __getattr__(name: str) -> t.Any:
    if name == "__version__":
        from importlib.metadata import version

        return version(DISTRIBUTION)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'contractkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
