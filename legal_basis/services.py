"""Writes on the register: the status workflow, the approval gate and the privacy-review sign-offs.

draft → in review → approved, with "return to draft" and "reopen for review" on the way back, and
retirement from any state. Approval runs the gate in `approval_problems()` and raises a
ValidationError listing every reason, so the admin shows them all at once.
"""

import calendar
import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .checks import activity_findings
from .models import Dpia, DpiaScreening, ProcessingActivity

Status = ProcessingActivity.Status

# Which status each transition may start from.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.IN_REVIEW: frozenset({Status.DRAFT, Status.APPROVED}),
    Status.APPROVED: frozenset({Status.IN_REVIEW}),
    Status.DRAFT: frozenset({Status.IN_REVIEW}),
    Status.RETIRED: frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED}),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` plus `months` calendar months, clamped to the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def approval_problems(activity: ProcessingActivity) -> list[str]:
    """Return every reason `activity` cannot be approved now; an empty list means it can."""
    problems = _review_problems(activity)
    problems += [finding.message for finding in activity_findings(activity)]
    return problems


def _review_problems(activity: ProcessingActivity) -> list[str]:
    screening = DpiaScreening.objects.filter(activity=activity).first()
    if screening is None:
        return ["The DPIA screening is missing: screen the activity against the nine EDPB criteria first."]
    if not screening.is_complete:
        return ["The DPIA screening is incomplete: answer every EDPB criterion yes or no."]
    problems = []
    special = activity.special_categories or activity.personal_data_categories.filter(is_special_category=True)
    if special and screening.sensitive_data is False:
        problems.append("The screening says there is no sensitive data, but the activity processes special categories.")
    if activity.is_processor:
        # The DPIA is the customer's (the controller's); we owe it the Art. 28(3)(f) assistance pack.
        if not activity.description.strip():
            problems.append(
                "The DPIA assistance pack for customers (Art. 28(3)(f)) needs a description of the processing."
            )
        return problems
    if screening.needs_judgement and not screening.judgement:
        problems.append(
            f"{screening.criteria_met} EDPB criteria are met: a DPIA is needed in most cases. Record the judgement "
            "and its reasons in the screening."
        )
    if screening.dpia_required:
        problems += _dpia_problems(activity, screening)
    return problems


def _dpia_problems(activity: ProcessingActivity, screening: DpiaScreening) -> list[str]:
    why = "; ".join(screening.mandatory_labels) or "the screening's judgement"
    dpia = Dpia.objects.filter(activity=activity).first()
    if dpia is None:
        return [f"A DPIA is required ({why}) but there is none."]
    if not dpia.is_complete:
        return [f"The required DPIA is incomplete: it lacks {', '.join(dpia.missing)}."]
    if dpia.prior_consultation_outcome == Dpia.ConsultationOutcome.STOPPED:
        return ["The supervisory authority objected in the prior consultation (Art. 36): the processing cannot start."]
    return []


def _transition(activity: ProcessingActivity, to: str, *, by: AbstractBaseUser, reason: str) -> ProcessingActivity:
    locked = ProcessingActivity.objects.select_for_update().get(pk=activity.pk)
    if locked.status not in TRANSITIONS[to]:
        raise ValidationError(
            f"A {locked.get_status_display().lower()} activity cannot move to {Status(to).label.lower()}."
        )
    locked.status = to
    locked._history_user = by
    locked._change_reason = reason
    return locked


@transaction.atomic
def activity_submit_for_review(*, activity: ProcessingActivity, by: AbstractBaseUser) -> ProcessingActivity:
    """Move a draft, or an approved activity due for its periodic review, into review."""
    locked = _transition(activity, Status.IN_REVIEW, by=by, reason="Submitted for review")
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def activity_return_to_draft(*, activity: ProcessingActivity, by: AbstractBaseUser) -> ProcessingActivity:
    """Send an activity in review back to its owner as a draft."""
    locked = _transition(activity, Status.DRAFT, by=by, reason="Returned to draft")
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def activity_approve(
    *, activity: ProcessingActivity, by: AbstractBaseUser, now: dt.datetime | None = None
) -> ProcessingActivity:
    """Approve an activity in review once the gate passes; record who, when, and the next review date."""
    locked = _transition(activity, Status.APPROVED, by=by, reason="Approved")
    problems = approval_problems(locked)
    if problems:
        raise ValidationError(problems)
    now = now or timezone.now()
    locked.approved_by = by
    locked.approved_at = now
    locked.next_review_on = add_months(timezone.localdate(now), locked.review_interval_months)
    locked.save(update_fields=["status", "approved_by", "approved_at", "next_review_on", "updated_at"])
    return locked


@transaction.atomic
def activity_retire(
    *, activity: ProcessingActivity, by: AbstractBaseUser, now: dt.datetime | None = None
) -> ProcessingActivity:
    """Retire an activity that is no longer carried out; it leaves the Art. 30 records and the checks."""
    locked = _transition(activity, Status.RETIRED, by=by, reason="Retired")
    locked.retired_at = now or timezone.now()
    locked.save(update_fields=["status", "retired_at", "updated_at"])
    return locked


def screening_record(*, screening: DpiaScreening, by: AbstractBaseUser) -> DpiaScreening:
    """Save a screening and stamp who screened the activity and when."""
    screening.screened_by = by
    screening.screened_at = timezone.now()
    screening._history_user = by
    screening.save()
    return screening


def dpia_sign_off(*, dpia: Dpia, by: AbstractBaseUser) -> Dpia:
    """Sign off a DPIA whose content is complete; record who and when."""
    unsigned = [item for item in dpia.missing if item != "a sign-off"]
    if unsigned:
        raise ValidationError(f"The DPIA cannot be signed off: it lacks {', '.join(unsigned)}.")
    dpia.signed_off_by = by
    dpia.signed_off_at = timezone.now()
    dpia._history_user = by
    dpia._change_reason = "Signed off"
    dpia.save(update_fields=["signed_off_by", "signed_off_at"])
    return dpia


def dpia_save(*, dpia: Dpia, by: AbstractBaseUser, content_changed: bool) -> Dpia:
    """Save a DPIA; a change to its content withdraws an earlier sign-off, which must be given again."""
    if content_changed and dpia.signed_off_at is not None:
        dpia.signed_off_by = None
        dpia.signed_off_at = None
        dpia._change_reason = "Content changed: sign-off withdrawn"
    dpia._history_user = by
    dpia.save()
    return dpia


# --- Which workflow steps an activity offers now (the admin only renders these) -------------------

CHANGE, APPROVE = "legal_basis.change_processingactivity", "legal_basis.approve_processingactivity"
STEPS: dict[str, tuple[str, str]] = {
    "submit": (Status.IN_REVIEW, CHANGE),
    "approve": (Status.APPROVED, APPROVE),
    "return": (Status.DRAFT, CHANGE),
    "retire": (Status.RETIRED, CHANGE),
}
CONFIRMED_STEPS = ("approve", "retire", "sign_off_dpia")


def activity_step_blocker(*, activity: ProcessingActivity, step: str) -> str:
    """Return why `step` cannot be taken on the activity now, or '' (the services check the same)."""
    if step == "sign_off_dpia":
        dpia = Dpia.objects.filter(activity=activity).first()
        if dpia is None:
            return "There is no DPIA to sign off."
        unsigned = [item for item in dpia.missing if item != "a sign-off"]
        return f"The DPIA cannot be signed off: it lacks {', '.join(unsigned)}." if unsigned else ""
    to, _ = STEPS[step]
    if activity.status not in TRANSITIONS[to]:
        return f"A {activity.get_status_display().lower()} activity cannot move to {Status(to).label.lower()}."
    if step == "approve":
        problems = approval_problems(activity)
        return "Cannot be approved yet: " + " ".join(problems) if problems else ""
    return ""


def activity_steps(*, activity: ProcessingActivity, user) -> dict[str, str]:
    """Return the steps the activity's status offers and `user` may take, each with its blocker ('' if none)."""
    steps = {
        step: activity_step_blocker(activity=activity, step=step)
        for step, (to, permission) in STEPS.items()
        if activity.status in TRANSITIONS[to] and user.has_perm(permission)
    }
    dpia = Dpia.objects.filter(activity=activity).first()
    if dpia is not None and dpia.signed_off_at is None and user.has_perm(APPROVE):
        steps["sign_off_dpia"] = activity_step_blocker(activity=activity, step="sign_off_dpia")
    return steps
