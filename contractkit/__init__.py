"""contractkit: a Flask API's status codes as a published, checked contract."""

from __future__ import annotations

from .declarations import accepts, exempt, responds
from .errors import (
    BodyCheckWarning,
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
from .fuzzing import schemathesis_config, schemathesis_toml
from .problem import ProblemSchema, ValidationProblemSchema
from .registry import CustomStatus
from .violations import Violation, ViolationStore, violation_recorded

__all__ = [
    "BodyCheckWarning",
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
    "Violation",
    "ViolationStore",
    "accepts",
    "exempt",
    "responds",
    "schemathesis_config",
    "schemathesis_toml",
    "violation_recorded",
]
