"""Themes (teman): groups of needs linked to the goals of the model area."""
