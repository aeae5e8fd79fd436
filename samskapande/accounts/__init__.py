"""Staff accounts and roles: log in, log out, change password, login throttling."""
