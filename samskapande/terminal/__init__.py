"""Library terminal mode: a shared computer that forgets each visitor."""
