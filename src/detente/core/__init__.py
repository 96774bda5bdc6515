"""Shared types every layer may use: errors, countries, sources, evidence, dates, scoring."""
