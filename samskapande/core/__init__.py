"""What every feature shares: model helpers, languages, security, errors, the start page."""
