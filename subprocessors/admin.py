"""Admin of the Sub-processors app."""
