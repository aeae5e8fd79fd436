"""Administration: organisations, model areas and their målbild, and staff accounts."""
