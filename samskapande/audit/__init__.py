"""The audit log: who changed what, when and why. Entries are never edited."""
