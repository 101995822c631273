import pytest


@pytest.fixture(autouse=True)
def _brussels(settings):
    settings.TIME_ZONE = "Europe/Brussels"
