"""Privacy: the privacy notice, the accessibility statement, retention and data requests."""
