"""Staff API of the breach register (mounted under /api/): read for every staff role, writes for the DPC.

Handlers may add timeline notes; assessing and notifying need the DPC's own permissions.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from callnex_compliance.api_permissions import StaffModelPermissions

from . import services
from .models import Incident
from .serializers import (
    AssessSerializer,
    IncidentSerializer,
    NoteSerializer,
    NotifyCustomersSerializer,
    OptionalNoteSerializer,
    RecordAuthoritySerializer,
    ScopeSerializer,
)


def requires(permission: str) -> type[BasePermission]:
    """Return a permission class admitting active staff who hold `permission` (whatever the HTTP method)."""

    class Required(BasePermission):
        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(
                user and user.is_authenticated and user.is_active and user.is_staff and user.has_perm(permission)
            )

    return Required


def _call(service, **kwargs):
    """Run a service, turning its validation errors into a 400 with the message."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise serializers.ValidationError(detail) from error


ACTION_PERMISSIONS = {
    "notes": "breaches.add_incidentevent",
    "scope": "breaches.change_incident",
    "contain": "breaches.change_incident",
    "close": "breaches.change_incident",
    "assess": "breaches.assess_incident",
    "notify_customers": "breaches.notify_incident",
    "authority_notifications": "breaches.notify_incident",
}


class IncidentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The breach register; POST actions scope, assess, notify, contain and close an incident."""

    queryset = Incident.objects.prefetch_related(
        "events__actor", "scope_counts__customer", "customer_notices__customer", "authority_notifications",
        "customers", "campaigns", "subprocessors", "weak_measures",
    ).order_by("-aware_at")  # fmt: skip
    serializer_class = IncidentSerializer
    permission_classes = [StaffModelPermissions]
    action_permissions = ACTION_PERMISSIONS  # read by the role-integrity test too

    def get_permissions(self):
        if self.action in self.action_permissions:
            return [requires(self.action_permissions[self.action])()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _call(services.incident_create, **data, actor=self.request.user)

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _respond(self, incident: Incident) -> Response:
        fresh = self.get_queryset().get(pk=incident.pk)
        return Response(IncidentSerializer(fresh, context=self.get_serializer_context()).data)

    def _run(self, service, serializer_class=None, **extra) -> Response:
        data = self._input(serializer_class) if serializer_class else {}
        incident = self.get_object()
        _call(service, incident=incident, actor=self.request.user, **data, **extra)
        return self._respond(incident)

    @extend_schema(request=NoteSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """Append a note to the timeline (request handlers may too)."""
        return self._run(services.incident_add_note, NoteSerializer)

    @extend_schema(request=ScopeSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def scope(self, request, pk=None):
        """Link customers, campaigns, sub-processors and a time window; count people and records in scope."""
        return self._run(services.incident_set_scope, ScopeSerializer)

    @extend_schema(request=AssessSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """Record the risk assessment of CallNex's own data (data protection contact only)."""
        return self._run(services.incident_assess, AssessSerializer)

    @extend_schema(request=NotifyCustomersSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="notify-customers")
    def notify_customers(self, request, pk=None):
        """Send the notice (initial or follow-up) to every affected customer's privacy contact."""
        return self._run(services.incident_notify_customers, NotifyCustomersSerializer)

    @extend_schema(request=RecordAuthoritySerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="authority-notifications")
    def authority_notifications(self, request, pk=None):
        """Record a notification made to the authority; after 72 hours the reasons for the delay are required."""
        return self._run(services.incident_record_authority_notification, RecordAuthoritySerializer)

    @extend_schema(request=OptionalNoteSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def contain(self, request, pk=None):
        """Mark the breach as contained."""
        return self._run(services.incident_contain, OptionalNoteSerializer)

    @extend_schema(request=OptionalNoteSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the incident once every duty it triggered is met."""
        return self._run(services.incident_close, OptionalNoteSerializer)


router = SimpleRouter()
router.register("breaches", IncidentViewSet, basename="breach")
urlpatterns = router.urls
