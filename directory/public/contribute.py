"""Public pages where people contribute: propose an initiative, report an error on one, and
the personal-data notice that both link to.

The forms are spam-protected (``antispam``) and rate-limited per client address; what they save
is ``directory.curation``'s job, which also queues the e-mails in the same transaction (no
request sends one: see ``directory.curation.notifications``), once per form sent and whole
(``directory.curation.submissions``): a form sent again shows the thanks page again.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..curation.proposals import submit_proposal
from ..curation.reports import report_error as record_report
from ..curation.submissions import AlreadyReceived, MediaStorageFailed, already_received
from ..models import Initiative
from .antispam import (
    ip_hash,
    one_at_a_time,
    submission_key,
    too_many_attempts,
    too_many_proposals,
    too_many_reports,
)
from .forms import ErrorReportForm, ProposalForm

# Too Many Requests: the rate limit's answer, with the form and its message.
TOO_MANY_REQUESTS = 429
# The media storage failed: nothing was stored, the form is shown again to be sent later.
SERVICE_UNAVAILABLE = 503


def as_initial(data: QueryDict) -> dict:
    """A form's submitted data as the initial values of an unbound form (lists kept)."""
    return {key: values if len(values) > 1 else values[0] for key, values in data.lists()}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """Propose an initiative. A valid proposal whose name looks like existing entries is shown
    again with them, until the proposer confirms it is another one."""
    if request.method != "POST":
        return render(request, "directory/propose.html", {"form": ProposalForm()})
    if too_many_attempts(request, "proposal", settings.PROPOSAL_ATTEMPTS_PER_HOUR):
        # Every post counts, valid or not: shown again as typed, unchecked.
        form = ProposalForm(initial=as_initial(request.POST))
        context = {"form": form, "rate_limited": True, "too_many_attempts": True}
        context["limit"] = settings.PROPOSAL_ATTEMPTS_PER_HOUR
        return render(request, "directory/propose.html", context, status=TOO_MANY_REQUESTS)
    fingerprint = ip_hash(request)
    key = submission_key(request.POST)
    try:
        # Counted and saved with no other request from this address in between.
        with one_at_a_time(fingerprint):
            # A form sent again (before the limit: a double click is no new proposal).
            if already_received(key):
                return redirect("directory:proposal_thanks")
            if too_many_proposals(fingerprint):
                # Shown again as typed, unchecked: the limit is the only thing to say.
                form = ProposalForm(initial=as_initial(request.POST))
                context = {"form": form, "rate_limited": True, "limit": settings.PROPOSALS_PER_HOUR}
                return render(request, "directory/propose.html", context, status=TOO_MANY_REQUESTS)
            form = ProposalForm(request.POST, request.FILES)
            # Valid means its image was decoded and cleaned too, unless it waits for confirmation.
            if form.is_valid() and not form.needs_confirmation:
                try:
                    submit_proposal(form.proposed(), ip_hash=fingerprint)
                except MediaStorageFailed:
                    # Nothing was stored (the image is written first): the form again.
                    context = {"form": form, "storage_failed": True}
                    status = SERVICE_UNAVAILABLE
                    return render(request, "directory/propose.html", context, status=status)
                return redirect("directory:proposal_thanks")
    except AlreadyReceived:  # The same form, sent at the same instant from another address.
        return redirect("directory:proposal_thanks")
    return render(request, "directory/propose.html", {"form": form})


@require_safe
def proposal_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/propose_thanks.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_error(request: HttpRequest, slug: str) -> HttpResponse:
    """Report an error on a published entry."""
    initiative = get_object_or_404(
        Initiative.objects.published().only("pk", "name", "slug"), slug=slug
    )
    if request.method != "POST":
        context = {"form": ErrorReportForm(), "initiative": initiative}
        return render(request, "directory/report.html", context)
    attempts = too_many_attempts(request, "report", settings.REPORT_ATTEMPTS_PER_HOUR)
    fingerprint = ip_hash(request)
    key = submission_key(request.POST)
    try:
        # Counted and saved with no other request from this address in between.
        with one_at_a_time(fingerprint):
            # A form sent again (before the limits: a double click is no new report).
            if already_received(key):
                return redirect("directory:report_thanks", slug=initiative.slug)
            if attempts or too_many_reports(fingerprint):
                context = {
                    "form": ErrorReportForm(initial=as_initial(request.POST)),
                    "initiative": initiative,
                    "rate_limited": True,
                    "too_many_attempts": attempts,
                    "limit": (
                        settings.REPORT_ATTEMPTS_PER_HOUR if attempts else settings.REPORTS_PER_HOUR
                    ),
                }
                return render(request, "directory/report.html", context, status=TOO_MANY_REQUESTS)
            form = ErrorReportForm(request.POST)
            context = {"form": form, "initiative": initiative}
            if form.is_valid():
                record_report(
                    initiative,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                    ip_hash=fingerprint,
                    submission_key=key,
                )
                return redirect("directory:report_thanks", slug=initiative.slug)
    except AlreadyReceived:  # The same form, sent at the same instant from another address.
        return redirect("directory:report_thanks", slug=initiative.slug)
    return render(request, "directory/report.html", context)


@require_safe
def report_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(
        Initiative.objects.published().only("pk", "name", "slug"), slug=slug
    )
    return render(request, "directory/report_thanks.html", {"initiative": initiative})


def tile_host(tile_url: str) -> str:
    """The host serving the map tiles, as people read it: « tile.openstreetmap.fr » for
    ``https://{s}.tile.openstreetmap.fr/…``; empty for tiles served by the site itself."""
    host = urlsplit(tile_url).netloc
    first, _, rest = host.partition(".")
    return rest if "{" in first else host


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What personal data the directory keeps, why, for how long, and how to have it erased."""
    return render(
        request,
        "directory/privacy.html",
        {
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "retention_months": round(settings.PERSONAL_DATA_RETENTION_DAYS / 30.4),
            "contact_email": (settings.CURATION_EMAILS or [""])[0],
            "lockout_hours": int(settings.AXES_COOLOFF_TIME.total_seconds() // 3600),
            "tile_host": tile_host(settings.MAP_TILE_URL),
        },
    )
