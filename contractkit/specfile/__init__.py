"""Spec files without Flask: reading, locating, checking and diffing OpenAPI documents."""
