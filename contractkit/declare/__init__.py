"""Declaring a contract: decorators, status codes, the registry, and the app's operations."""
