"""English in the British way (as LANGUAGE_CODE "en-gb" gave before the /en/ prefix): 1 December 2026."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
