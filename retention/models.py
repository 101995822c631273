"""Models of the Retention app."""
