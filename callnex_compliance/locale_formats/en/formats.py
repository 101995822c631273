"""English formats: the same as en-GB (a browser or test that activates plain `en` sees the same dates)."""

from callnex_compliance.locale_formats.en_GB.formats import *  # noqa: F403
