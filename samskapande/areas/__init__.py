"""Organisations (huvudmän), model areas (modellområden) and their goals (målbild)."""
