"""Writes. Each function is ``<entity>_<verb>``, takes keyword-only arguments and runs in one
transaction. Views and API functions call these and stay thin."""
