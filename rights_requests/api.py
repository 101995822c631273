"""Staff API of the rights requests (mounted under /api/): list, retrieve, intake and workflow actions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from callnex_compliance.api_permissions import StaffModelPermissions
from callnex_compliance.api_router import Router

from . import selectors, services
from .filters import RightsRequestFilter
from .models import RightsRequest
from .serializers import (
    AskIdentitySerializer,
    CloseForwardingSerializer,
    CompleteSerializer,
    ErasureSerializer,
    ExportSerializer,
    ExtendSerializer,
    FileReviewSerializer,
    LiftRestrictionSerializer,
    PartFileSerializer,
    PartSerializer,
    PartsSerializer,
    RecipientNoticeSerializer,
    RecordInstructionSerializer,
    RectifySerializer,
    RefuseSerializer,
    RightsRequestSerializer,
    VerifyIdentitySerializer,
    WithdrawSerializer,
)
from .services.file_review import REVIEW_PERMISSION as REVIEW_FILE_PERMISSION


class CanChangeRequests(StaffModelPermissions):
    """Workflow actions are changes to a request, whatever the HTTP method."""

    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


class CanReviewFiles(CanChangeRequests):
    """The Art. 15(4) decision is a change to the request and a file review of its own."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request.user.has_perm(REVIEW_FILE_PERMISSION)


def _call(service, **kwargs):
    """Run a service, turning its validation errors into a 400 with the message."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise serializers.ValidationError(detail) from error


class RightsRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Rights requests with their deadlines; POST actions move them through the workflow."""

    queryset = (
        RightsRequest.objects.select_related("assignee", "customer").with_parts_due().order_by("due_on", "reference")
    )
    serializer_class = RightsRequestSerializer
    filterset_class = RightsRequestFilter

    # Extra actions needing a permission beyond changing the request (read by the role-integrity test too).
    action_permissions = {"review_file": REVIEW_FILE_PERMISSION}

    def get_permissions(self):
        if self.action == "review_file":
            return [CanReviewFiles()]
        if self.action not in ("list", "retrieve", "create"):
            return [CanChangeRequests()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _call(services.rights_request_create, **data, actor=self.request.user)

    def _respond(self, rights_request: RightsRequest) -> Response:
        rights_request = self.get_queryset().get(pk=rights_request.pk)  # fresh, with the date staff work to
        return Response(RightsRequestSerializer(rights_request, context=self.get_serializer_context()).data)

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=AskIdentitySerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"], url_path="ask-identity")
    def ask_identity(self, request, pk=None):
        """Ask the requester for identity information and pause the clock."""
        data = self._input(AskIdentitySerializer)
        obj = self.get_object()
        _call(services.rights_request_ask_identity, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=VerifyIdentitySerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"], url_path="verify-identity")
    def verify_identity(self, request, pk=None):
        """Record that the identity is confirmed; a pause ends on the day the answer was received."""
        data = self._input(VerifyIdentitySerializer)
        obj = self.get_object()
        _call(services.rights_request_verify_identity, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=ExtendSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Extend the deadline by up to two months (only before the original legal deadline)."""
        data = self._input(ExtendSerializer)
        obj = self.get_object()
        _call(services.rights_request_extend, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=None, responses=PartsSerializer)
    @action(detail=True, methods=["post"], url_path="find-data", pagination_class=None)
    def find_data(self, request, pk=None):
        """Search CallNex's own data and the customers' campaign data; return them per data holder."""
        obj = self.get_object()
        _call(services.rights_request_link_matches, rights_request=obj, actor=request.user)
        obj.refresh_from_db()
        return Response(PartsSerializer(selectors.rights_request_parts(obj)).data)

    @extend_schema(request=PartSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """Forward each customer part (or the given customer's) to the customer's privacy contact."""
        data = self._input(PartSerializer)
        obj = self.get_object()
        _call(services.rights_request_forward_to_controller, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=RecordInstructionSerializer, responses=PartsSerializer)
    @action(detail=True, methods=["post"], url_path="record-instruction")
    def record_instruction(self, request, pk=None):
        """Record a customer's documented instruction for its part and the day it arrived."""
        data = self._input(RecordInstructionSerializer)
        obj = self.get_object()
        _call(services.forwarding_record_instruction, rights_request=obj, actor=request.user, **data)
        obj.refresh_from_db()
        return Response(PartsSerializer(selectors.rights_request_parts(obj)).data)

    @extend_schema(request=CloseForwardingSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"], url_path="close-forwarding")
    def close_forwarding(self, request, pk=None):
        """Record a controller's answer to a forwarded request."""
        data = self._input(CloseForwardingSerializer)
        obj = self.get_object()
        forwarding = get_object_or_404(obj.forwardings, customer=data["customer"])
        _call(services.forwarding_close, forwarding=forwarding, actor=request.user, outcome=data["outcome"])
        return self._respond(obj)

    @extend_schema(request=FileReviewSerializer, responses=PartFileSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="review-file", pagination_class=None)
    def review_file(self, request, pk=None):
        """Release or withhold one recording or transcript (Art. 15(4)) before CallNex delivers it to the person.

        Returns every file of the customer's part with its decision; an export to the person is refused
        while any is undecided.
        """
        data = self._input(FileReviewSerializer)
        obj = self.get_object()
        _call(services.file_review_decide, rights_request=obj, actor=request.user, **data)
        files = selectors.part_files(rights_request=obj, customer=data["customer"])
        return Response(PartFileSerializer(files, many=True).data)

    @extend_schema(request=PartSerializer, responses={201: ExportSerializer})
    @action(detail=True, methods=["post"])
    def export(self, request, pk=None):
        """Build the ZIP export of one part (CallNex's own, or a customer's on its instruction)."""
        data = self._input(PartSerializer)
        obj = self.get_object()
        export = _call(services.rights_request_export, rights_request=obj, actor=request.user, **data)
        url = request.build_absolute_uri(reverse("rights_requests:export-download", args=[export.pk]))
        body = {"id": export.pk, "expires_at": export.expires_at, "download_url": url, "counts": export.counts}
        return Response(ExportSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PartSerializer, responses=ErasureSerializer)
    @action(detail=True, methods=["post"], url_path="approve-erasure")
    def approve_erasure(self, request, pk=None):
        """Approve and carry out the erasure of one part's data (data protection contact only)."""
        data = self._input(PartSerializer)
        obj = self.get_object()
        counts = _call(services.rights_request_approve_erasure, rights_request=obj, actor=request.user, **data)
        return Response(ErasureSerializer(counts).data)

    @extend_schema(request=PartSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def suppress(self, request, pk=None):
        """Put the requester's number on the "never call again" list on a customer's 'object' instruction."""
        data = self._input(PartSerializer)
        obj = self.get_object()
        _call(services.rights_request_suppress, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=PartSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def restrict(self, request, pk=None):
        """Restrict processing in one part (CallNex's own data, or a customer's on its instruction)."""
        data = self._input(PartSerializer)
        obj = self.get_object()
        _call(services.rights_request_restrict, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=LiftRestrictionSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"], url_path="lift-restriction")
    def lift_restriction(self, request, pk=None):
        """Send the Art. 18(3) notice, then lift the restriction of CallNex's own data."""
        data = self._input(LiftRestrictionSerializer)
        obj = self.get_object()
        _call(services.rights_request_lift_restriction, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=RecipientNoticeSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"], url_path="notify-recipients")
    def notify_recipients(self, request, pk=None):
        """Record that the recipients of CallNex's own data were told (Art. 19)."""
        data = self._input(RecipientNoticeSerializer)
        obj = self.get_object()
        _call(services.rights_request_record_recipient_notice, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=RectifySerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        """Correct name, email or phone in one part (CallNex's own data, or a customer's on its instruction)."""
        data = self._input(RectifySerializer)
        obj = self.get_object()
        _call(services.rights_request_rectify, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=CompleteSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Complete CallNex's own part (fulfilled, or "no data held") and send its letter."""
        data = self._input(CompleteSerializer)
        obj = self.get_object()
        _call(services.rights_request_complete, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)

    @extend_schema(request=RefuseSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """Refuse with a reason from the closed list; the letter cites the right to complain."""
        data = self._input(RefuseSerializer)
        obj = self.get_object()
        _call(
            services.rights_request_refuse,
            rights_request=obj,
            actor=request.user,
            reason=data["refusal_reason"],
            text=data["text"],
        )
        return self._respond(obj)

    @extend_schema(request=WithdrawSerializer, responses=RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Close the request because the requester withdrew it."""
        data = self._input(WithdrawSerializer)
        obj = self.get_object()
        _call(services.rights_request_withdraw, rights_request=obj, actor=request.user, **data)
        return self._respond(obj)


router = Router()
router.register("rights-requests", RightsRequestViewSet, basename="rights-request")
urlpatterns = router.urls
