"""The facilitator's workspace: set up rounds, open and close phases, moderate needs."""
