"""The course: its model (dataclasses), safe YAML, the readers of each file, and the rules."""
