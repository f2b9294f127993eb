"""Write schemathesis.toml from the app's contract, so its checks expect the custom codes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from contractkit import ContractKit, schemathesis_toml


def write_schemathesis_config(app: Flask, path: Path = Path("schemathesis.toml")) -> str:
    """The same file as `contractkit schemathesis-config`, from a live app object."""
    text = schemathesis_toml(ContractKit().spec(app), source=app.name)
    path.write_text(text)
    return text
