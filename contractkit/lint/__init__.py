"""The static lint: status codes a view's source can answer that its contract does not declare."""
