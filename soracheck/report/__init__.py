"""Diagnostics → text for people and machines."""
