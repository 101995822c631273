"""Factories for staff users in a given role."""

import time

import factory
from django.contrib.auth.models import Group, User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

STAFF_PASSWORD = "correct-horse-battery-staple"


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff user; pass `role=` with a role name from callnex_compliance.roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@callnex.example")
    is_staff = True
    password = factory.django.Password(STAFF_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def current_totp_code(device: TOTPDevice) -> str:
    """Return the code the device's authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
