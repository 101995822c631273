"""Models of the Sub-processors app."""
