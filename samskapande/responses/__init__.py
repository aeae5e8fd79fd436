"""Public responses (svar) by politicians and officials, commitments and follow-up."""
