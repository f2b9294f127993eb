"""Publishing a contract: the OpenAPI document built, rendered and served."""
