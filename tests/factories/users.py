"""Factories for staff users in a given role."""

import factory
from django.contrib.auth.models import Group, User


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff user; pass `role=` with a role name from callnex_compliance.roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@callnex.example")
    is_staff = True
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
