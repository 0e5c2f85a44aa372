"""mltutor: learn machine learning in the terminal, from "what is ML" to fine-tuning."""

__version__ = "0.1.0"
