"""``.. contractkit-config::`` renders the config reference from :data:`contractkit.config.KEYS`.

The keys, their defaults and their descriptions are defined once, in
``contractkit/config.py``; this page is generated from there, so it cannot drift.
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class ConfigReference(SphinxDirective):
    """One section per ``CONTRACTKIT_*`` key: its default, then its description."""

    def run(self) -> list[nodes.Node]:
        import contractkit.config
        import contractkit.late_config
        from contractkit.config import KEYS
        from contractkit.late_config import RUNTIME_KEYS

        # Rebuild this page when the keys change, not only when the page does.
        self.env.note_dependency(contractkit.config.__file__)
        self.env.note_dependency(contractkit.late_config.__file__)

        lines: list[str] = []
        for key in KEYS:
            read = "``init_app``"
            if key.name in RUNTIME_KEYS:
                read += " and again at the first request"
            lines += [
                f".. confval:: {key.name}",
                "",
                f"   Default: ``{key.default!r}``. Read by {read}.",
                "",
                *(f"   {line}" if line else "" for line in key.doc.splitlines()),
                "",
            ]
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source="contractkit.config.KEYS"), 0, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, t.Any]:
    app.add_object_type(
        "confval",
        "confval",
        objname="configuration value",
        indextemplate="pair: %s; configuration value",
        doc_field_types=[],
    )
    app.add_directive("contractkit-config", ConfigReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
