"""The retention purge engine: one purger per data category, run in bounded batches under a lock.

Call it through `retention.services` (`purge_run`, `purge_preview`); this package holds the mechanics.
"""
