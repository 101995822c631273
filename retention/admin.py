"""Admin of the Retention app."""
