""""Att göra": what waits for each staff member, on their start page and in the navigation."""
