"""detente: how bad is the relationship between two states, what are its cracks, and how likely
is a rapprochement — from cited facts and public datasets, for any pair and any past date."""

__version__ = "0.1.0"
