"""Needs (behov) that residents submit, in their own words."""
