"""Live dialogue meetings: messages, questions and quick polls."""
