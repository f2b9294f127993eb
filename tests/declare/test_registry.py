"""The status registry: custom codes, phrases, fallbacks and collision warnings."""

from __future__ import annotations

import warnings

import pytest

from contractkit import (
    ContractKit,
    InfrastructureCodeWarning,
    RegistrationError,
    responds,
)
from contractkit.declare.registry import MAX_PHRASE_LENGTH
from contractkit.errors import DeclarationError


def test_custom_code_defaults_to_the_x00_of_its_class(kit: ContractKit) -> None:
    status = kit.register_status(299, "Completed With Warnings")
    assert status.fallback == 200
    assert status.status_line == "299 Completed With Warnings"


def test_custom_code_keeps_an_explicit_same_class_fallback(kit: ContractKit) -> None:
    with pytest.warns(InfrastructureCodeWarning):
        status = kit.register_status(460, "Tier Limit Exceeded", fallback=429)
    assert status.fallback == 429
    assert kit.registry.custom(460) == status


def test_registering_the_same_code_twice_identically_is_harmless(kit: ContractKit) -> None:
    first = kit.register_status(299, "Completed With Warnings", description="d")
    again = kit.register_status(299, "Completed With Warnings", description="d")
    assert first == again
    assert [s.code for s in kit.registry.custom_codes()] == [299]


def test_standard_code_may_be_confirmed_with_its_own_phrase(kit: ContractKit) -> None:
    status = kit.register_status(404, "Not Found")
    assert status.phrase == "Not Found"
    assert kit.registry.custom_codes() == []


@pytest.mark.parametrize(
    ("code", "phrase", "kwargs", "message"),
    [
        ("404", "Nope", {}, "Write 404 instead of '404'"),
        (True, "Yes", {}, "is a bool"),
        (460.0, "Tier", {}, "is a float"),
        (99, "Low", {}, "outside 100-599"),
        (600, "High", {}, "outside 100-599"),
        (150, "Thinking", {}, "202 Accepted"),
        (299, "", {}, "is empty"),
        (299, "   ", {}, "is empty"),
        (299, "Done\r\nSet-Cookie: a=b", {}, "status line cannot carry"),
        (299, "Done\nX", {}, "status line cannot carry"),
        (299, "Done\x00", {}, "status line cannot carry"),
        (299, "Done\x7f", {}, "status line cannot carry"),
        (299, "Done \u2713", {}, "status line cannot carry"),
        (299, " Done", {}, "leading or trailing whitespace"),
        (299, 42, {}, "must be a str"),
        (404, "Missing", {}, "cannot be re-registered"),
        (404, "Not Found", {"fallback": 400}, "needs no fallback"),
        (418, "I'm a teapot", {}, "reserved by IANA"),
        (306, "Switch Proxy", {}, "reserved by IANA"),
        (299, "Done", {"fallback": 400}, "another class"),
        (299, "Done", {"fallback": 298}, "must be a registered standard code"),
        (299, "Done", {"fallback": 418}, "must be a registered standard code"),
        (299, "Done", {"fallback": "200"}, "is a string"),
        (299, "Done", {"fallback": True}, "must be an integer status code"),
        (299, "Done", {"fallback": 200.0}, "must be an integer status code"),
        (299, "Done", {"fallback": 600}, "must be a registered standard code"),
        (299, "Done", {"fallback": 102}, "must be a registered standard code"),
        (102, "Processing", {}, r"informational \(1xx\)"),
        (100, "Continue", {}, r"informational \(1xx\)"),
    ],
)
def test_bad_registrations_fail_with_a_helpful_message(
    kit: ContractKit, code: object, phrase: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(RegistrationError, match=message) as raised:
        kit.register_status(code, phrase, **kwargs)  # type: ignore[arg-type]
    # The class its docstring promises, not a sibling such as DeclarationError.
    assert type(raised.value) is RegistrationError
    assert kit.registry.custom_codes() == []


@pytest.mark.parametrize(("code", "fallback"), [(299, 204), (299, 205), (399, 304)])
def test_fallbacks_that_cannot_carry_a_body_are_refused(
    kit: ContractKit, code: int, fallback: int
) -> None:
    better = "200 OK or 202 Accepted" if code < 300 else "300 Multiple Choices or 303 See Other"
    with pytest.raises(RegistrationError) as caught:
        kit.register_status(code, "Custom", fallback=fallback)
    assert str(caught.value) == (
        f"fallback {fallback} for {code} can never carry content (RFC 9110: 204, 205 and 304 "
        f"have none), so clients falling back would lose {code}'s body. Use a code that "
        f"carries content, such as {better}."
    )
    assert kit.registry.custom_codes() == []


def test_reason_phrases_have_a_length_limit(kit: ContractKit) -> None:
    longest = "A" * MAX_PHRASE_LENGTH
    assert kit.register_status(299, longest).phrase == longest
    for length in (MAX_PHRASE_LENGTH + 1, 20_000, 70_000):
        with pytest.raises(RegistrationError, match=f"has {length} characters; a reason phrase"):
            kit.register_status(298, "A" * length)
    assert [s.code for s in kit.registry.custom_codes()] == [299]


@pytest.mark.parametrize("description", [123, "   ", "", ["x"], {"a": "b"}, b"x", 1.5, True])
def test_register_status_validates_its_description_like_responds(
    kit: ContractKit, description: object
) -> None:
    with pytest.raises(RegistrationError, match="description for status 299 must be a non-empty"):
        kit.register_status(299, "Done", description=description)  # type: ignore[arg-type]
    with pytest.raises(DeclarationError, match="description for status 299 must be a non-empty"):
        responds(299, description=description)  # type: ignore[arg-type]
    assert kit.registry.custom_codes() == []
    assert kit.register_status(299, "Done", description="Done, with warnings.").description


def test_custom_code_registered_twice_with_another_phrase_fails(kit: ContractKit) -> None:
    kit.register_status(299, "Completed With Warnings")
    with pytest.raises(RegistrationError, match="already registered as '299 Completed"):
        kit.register_status(299, "Done Anyway")
    assert kit.registry.phrase(299) == "Completed With Warnings"


def test_custom_code_registered_twice_with_another_fallback_fails(kit: ContractKit) -> None:
    kit.register_status(561, "Upstream Quota", fallback=503)
    with pytest.raises(RegistrationError, match="already registered"):
        kit.register_status(561, "Upstream Quota", fallback=502)


@pytest.mark.parametrize("code", [444, 460, 463, 464, 494, 495, 496, 497, 498, 499, 520, 526, 530])
def test_infrastructure_codes_warn(kit: ContractKit, code: int) -> None:
    with pytest.warns(InfrastructureCodeWarning, match=f"custom status {code} is also sent by"):
        kit.register_status(code, "Custom Meaning")
    # The warning is advice: the code is still registered.
    assert kit.registry.custom(code) is not None


def test_ordinary_custom_codes_do_not_warn(kit: ContractKit) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kit.register_status(461, "Plan Expired", fallback=402)
        kit.register_status(299, "Completed With Warnings")


def test_warning_points_at_the_callers_line(kit: ContractKit) -> None:
    with pytest.warns(InfrastructureCodeWarning) as record:
        kit.register_status(499, "Client Closed Request")
    assert record[0].filename == __file__
