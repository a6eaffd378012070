"""Notices to users (issue 15): maintenance windows, and later broadcasts."""
