"""A limit for the tests' drafts: a stance other than a full yes needs one."""

LIMITS = [{"category": "money", "text": "Pengarna räcker inte i år."}]
# The same limit as the response form posts it.
LIMIT_FORM = {"limits-0-category": "money", "limits-0-text": "Pengarna räcker inte i år."}
