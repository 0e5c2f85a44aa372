"""Plain line mode: lessons and questions as text, for dumb terminals, pipes and screen readers."""

from tutor.plain.runner import PlainTutor

__all__ = ["PlainTutor"]
