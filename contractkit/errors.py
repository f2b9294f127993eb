"""Exceptions and warnings raised by contractkit."""

from __future__ import annotations


class ContractError(Exception):
    """Base class for every error contractkit raises about a contract."""


class DeclarationError(ContractError, ValueError):
    """A view, blueprint or app declares a response or input that cannot be part of a contract."""


class RegistrationError(ContractError, ValueError):
    """A status code was registered with a phrase or fallback that cannot be used."""


class UnregisteredStatusError(ContractError, LookupError):
    """A view declares a custom status code that was never registered."""


class SpecError(ContractError):
    """The OpenAPI document could not be built from the app's declarations."""


class ContractWarning(UserWarning):
    """Advice about a contract that is valid but likely to surprise its clients."""


class InfrastructureCodeWarning(ContractWarning):
    """A custom code is also sent by well-known proxies or load balancers.

    A client that receives it cannot tell the app's answer from the proxy's.
    """


class BodyCheckWarning(ContractWarning):
    """A declared body schema cannot be compiled for runtime checks; its bodies go unchecked."""


class ConfigError(ContractError, ValueError):
    """A ``CONTRACTKIT_*`` config value is not one contractkit can use."""


class SpecFileError(ContractError):
    """A spec file cannot be read, parsed or written."""


class AppLoadError(ContractError):
    """The app named on the command line cannot be imported or has no contract to export."""
