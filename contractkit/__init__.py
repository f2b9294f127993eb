"""contractkit: a Flask API's status codes as a published, checked contract.

Names are imported on first use (PEP 562), so ``import contractkit`` (which
pytest does for the ``contractkit.testing.pytest_plugin`` entry point in every
project that installs contractkit) costs nothing until a name is used.

The public API is ``__all__`` below (what an app or its tests write), the
exceptions and warnings of :mod:`contractkit.errors`, the ``CONTRACTKIT_*``
config keys, the ``contractkit`` and ``flask contract`` commands and the pytest
plugin's options. Every other module (the subpackages, ``state``, ``config``)
is internal: it may change in any release.
"""

from __future__ import annotations

import importlib
import typing as t

#: The name contractkit is published under on PyPI (``pip install flask-contractkit``),
#: after Flask's convention for extensions; the import name and the command stay
#: ``contractkit``. An unrelated project owns ``contractkit`` on PyPI.
DISTRIBUTION: t.Final = "flask-contractkit"

# The names of __all__, and (with "as", re-exported for type checkers) those 0.3
# exported that code may still import from here.
if t.TYPE_CHECKING:
    __version__: str
    from .client import ClientContract
    from .declare.decorators import accepts, exempt, responds
    from .declare.registry import CustomStatus as CustomStatus
    from .errors import AppLoadError as AppLoadError
    from .errors import BodyCheckWarning as BodyCheckWarning
    from .errors import ConfigError as ConfigError
    from .errors import ContractError as ContractError
    from .errors import ContractViolationError as ContractViolationError
    from .errors import ContractWarning as ContractWarning
    from .errors import DeclarationError as DeclarationError
    from .errors import InfrastructureCodeWarning as InfrastructureCodeWarning
    from .errors import RegistrationError as RegistrationError
    from .errors import SpecError as SpecError
    from .errors import SpecFileError as SpecFileError
    from .errors import UnregisteredStatusError as UnregisteredStatusError
    from .extension import ContractKit
    from .problem import ProblemSchema
    from .problem import ValidationProblemSchema as ValidationProblemSchema
    from .runtime.violations import Violation, violation_recorded
    from .runtime.violations import ViolationStore as ViolationStore
    from .testing.schemathesis import schemathesis_config as schemathesis_config
    from .testing.schemathesis import schemathesis_toml

#: Each name importable from ``contractkit`` and the module that defines it: those
#: of ``__all__``, and names 0.3 exported that code may still import from here
#: (errors and warnings, objects contractkit returns), at no cost until used.
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

#: What an app or its tests write. Errors and warnings live in :mod:`contractkit.errors`;
#: the objects contractkit returns (``CustomStatus``, ``ViolationStore``) need no import.
__all__ = [
    "ClientContract",
    "ContractKit",
    "ProblemSchema",
    "Violation",
    "accepts",
    "exempt",
    "responds",
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
