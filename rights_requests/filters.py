"""Filters of the staff API's request list (django-filter)."""

import django_filters

from .deadlines import Urgency
from .models import Right, RightsRequest
from .selectors import brussels_today

URGENCY_CHOICES = [(band.value, band.value) for band in Urgency] + [("paused", "paused")]


class RightsRequestFilter(django_filters.FilterSet):
    right = django_filters.ChoiceFilter(choices=Right.choices, method="filter_right", label="Right exercised")
    urgency = django_filters.ChoiceFilter(choices=URGENCY_CHOICES, method="filter_urgency", label="Urgency band")
    mine = django_filters.BooleanFilter(method="filter_mine", label="Assigned to me")
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label="Open (not closed)")

    class Meta:
        model = RightsRequest
        fields = ["status", "role", "channel", "assignee", "customer"]

    def filter_right(self, queryset, name, value):
        return queryset.with_right(value)

    def filter_urgency(self, queryset, name, value):
        if value == "paused":
            return queryset.open().filter(status=RightsRequest.Status.AWAITING_IDENTITY)
        return queryset.in_urgency(Urgency(value), brussels_today())

    def filter_mine(self, queryset, name, value):
        user = self.request.user if self.request else None
        return queryset.filter(assignee=user) if value else queryset.exclude(assignee=user)
