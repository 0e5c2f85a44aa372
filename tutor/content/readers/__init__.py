"""Readers of the course's files, one module per kind of file, over fields.py."""
