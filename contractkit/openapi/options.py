"""What users add to the document: ``CONTRACTKIT_SPEC_OPTIONS`` written into it.

The options were checked when the config was read (:mod:`contractkit.spec_options`);
what is checked here needs the document: tags no operation has, components that
clash with the ones built, security schemes not defined.
"""

from __future__ import annotations

import typing as t

from ..errors import ConfigError
from ..spec_options import OPTIONS_KEY


def add_tags(
    document: dict[str, t.Any], used: t.Collection[str], configured: list[dict[str, t.Any]]
) -> None:
    """Write the document's tag objects: described ones in their given order, then the rest.

    Tags a spec plugin registered come first, as it wrote them. Only tags an
    operation of the document uses are written, so a tag of hidden operations
    stays hidden (:func:`check_tags` catches the ones no operation has).
    """
    tags: list[dict[str, t.Any]] = document.pop("tags", [])
    taken = {tag["name"] for tag in tags}
    for tag in configured:
        if tag["name"] in taken:
            raise ConfigError(
                f"{OPTIONS_KEY}['tags'] describes tag {tag['name']!r}, which a spec plugin "
                "also registers; describe it in one place."
            )
        if tag["name"] in used:
            tags.append(tag)
            taken.add(tag["name"])
    tags += [{"name": name} for name in sorted(set(used) - taken)]
    if tags:
        document["tags"] = tags


def check_tags(configured: list[dict[str, t.Any]], used: t.Collection[str]) -> None:
    """Raise for a described tag no operation has: a typo would silently describe nothing."""
    for tag in configured:
        if tag["name"] not in used:
            known = ", ".join(repr(name) for name in sorted(used)) or "none"
            raise ConfigError(
                f"{OPTIONS_KEY}['tags'] describes tag {tag['name']!r}, which no operation "
                f"has; the operations' tags (their blueprints' names) are: {known}."
            )


def add_components(document: dict[str, t.Any], configured: dict[str, t.Any]) -> None:
    """Add the configured components, never replacing one contractkit or a plugin made."""
    components: dict[str, t.Any] = document.setdefault("components", {})
    for section, entries in configured.items():
        present = components.setdefault(section, {})
        for name, component in entries.items():
            if name in present:
                raise ConfigError(
                    f"{OPTIONS_KEY}['components'][{section!r}][{name!r}] has the name of a "
                    "component built from the app's declarations (or by a spec plugin); "
                    "rename it."
                )
            present[name] = component
    if not components:
        del document["components"]


def check_security(document: dict[str, t.Any]) -> None:
    """Raise for a security requirement naming a scheme the document does not define."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    for requirement in document.get("security", ()):
        for name in requirement:
            if name not in schemes:
                raise ConfigError(
                    f"{OPTIONS_KEY}['security'] names {name!r}, which the document's "
                    f"components.securitySchemes does not define; add it under "
                    f"{OPTIONS_KEY}['components']['securitySchemes']."
                )
