"""Sphinx configuration of contractkit's documentation site.

Built with warnings as errors (``sphinx-build -W -n``): a broken cross-reference,
a missing page in a toctree or a docstring that does not render fails the build.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

from contractkit import DISTRIBUTION

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "contractkit"
author = "The contractkit authors"
copyright = "2026, The contractkit authors"
release = _version(DISTRIBUTION)
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx_click",
    # Guides in Markdown, like the README they grew out of.
    "myst_parser",
    "config_reference",
]

html_theme = "furo"
html_title = f"contractkit {release}"
html_static_path = ["_static"]
exclude_patterns = ["_build", "snippets"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autoclass_content = "class"

# Every reference must resolve. Inventories of other projects cannot be fetched
# offline (intersphinx), so names from dependencies and the standard library
# are accepted as they are; references to contractkit's own names must resolve.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(flask|werkzeug|marshmallow|apispec|click|prometheus_client|blinker)(\..*)?"),
    (r"py:.*", r"(t|typing|collections|dataclasses|pathlib|logging|re|enum|abc)\..*"),
    (r"py:.*", r"(Flask|Blueprint|Request|Response|Schema|Field|Path|Signal|ScriptInfo)"),
    (r"py:.*", r"(Any|Callable|Mapping|Sequence|Iterable|Iterator|Literal|TypeVar|Final)"),
    (r"py:.*", r"(NoneType|Ellipsis|CollectorRegistry|T|F|P|R)"),
    (r"py:class", r"(MethodView|View|Sequence\[.*\]|Mapping\[.*\])"),
    # marshmallow's and blinker's annotations, and type variables of decorators.
    (r"py:class", r"(types\..*|Namespace|contractkit\..*\.[A-Z])"),
    # Described in prose on the API page; its fields are not a stable API yet.
    (r"py:class", r"contractkit\.declare\.operations\.Contract"),
]
