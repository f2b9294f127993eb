"""contractkit: a Flask API's status codes as a published, checked contract."""

from __future__ import annotations

from .declarations import accepts, exempt, responds
from .errors import (
    ConfigError,
    ContractError,
    ContractWarning,
    DeclarationError,
    InfrastructureCodeWarning,
    RegistrationError,
    SpecError,
    UnregisteredStatusError,
)
from .extension import ContractKit
from .problem import ProblemSchema, ValidationProblemSchema
from .registry import CustomStatus

__all__ = [
    "ConfigError",
    "ContractError",
    "ContractKit",
    "ContractWarning",
    "CustomStatus",
    "DeclarationError",
    "InfrastructureCodeWarning",
    "ProblemSchema",
    "RegistrationError",
    "SpecError",
    "UnregisteredStatusError",
    "ValidationProblemSchema",
    "accepts",
    "exempt",
    "responds",
]
