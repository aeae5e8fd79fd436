"""E-mail to residents who asked for it: when their needs get a response or a follow-up."""
