"""Writes of the rights-requests app: `<entity>_<action>(*, ...)` functions holding the business rules.

Split by concern into submodules; import them from here.
"""

from .anonymisation import rights_requests_anonymise_closed
from .file_review import file_review_decide, undecided_files
from .fulfilment import (
    EXPORT_LIFETIME,
    ExportUnavailable,
    data_export_record_download,
    data_exports_purge_expired,
    erasure_plan,
    rights_request_approve_erasure,
    rights_request_export,
    rights_request_rectify,
    rights_request_restrict,
    rights_request_suppress,
)
from .matching import (
    forwarding_close,
    forwarding_record_instruction,
    rights_request_add_identifiers,
    rights_request_forward_to_controller,
    rights_request_link_matches,
)
from .notices import rights_request_lift_restriction, rights_request_record_recipient_notice
from .staff import calendar_feed_issue, calendar_feed_revoke, calendar_feed_touch, rights_requests_send_digest
from .suppression import suppression_concerns_customer_data, suppression_lift
from .workflow import (
    rights_request_ask_identity,
    rights_request_assign,
    rights_request_complete,
    rights_request_create,
    rights_request_extend,
    rights_request_refuse,
    rights_request_update,
    rights_request_verify_identity,
    rights_request_withdraw,
)

__all__ = [
    "EXPORT_LIFETIME",
    "ExportUnavailable",
    "calendar_feed_issue",
    "calendar_feed_revoke",
    "calendar_feed_touch",
    "data_export_record_download",
    "data_exports_purge_expired",
    "erasure_plan",
    "file_review_decide",
    "forwarding_close",
    "forwarding_record_instruction",
    "rights_request_approve_erasure",
    "rights_request_ask_identity",
    "rights_request_assign",
    "rights_request_complete",
    "rights_request_create",
    "rights_request_export",
    "rights_request_extend",
    "rights_request_forward_to_controller",
    "rights_request_add_identifiers",
    "rights_request_lift_restriction",
    "rights_request_link_matches",
    "rights_request_record_recipient_notice",
    "rights_request_rectify",
    "rights_request_refuse",
    "rights_request_restrict",
    "rights_request_suppress",
    "suppression_concerns_customer_data",
    "suppression_lift",
    "rights_request_update",
    "rights_request_verify_identity",
    "rights_request_withdraw",
    "rights_requests_anonymise_closed",
    "rights_requests_send_digest",
    "undecided_files",
]
