"""Dialogue rounds (dialogomgångar), their phases, and the residents who take part."""
