"""Answering an information request in the portal: the answer page (what was asked, by when,
and the upload form) and the download of a sent document. Kept apart from ``views.py``: the
rules live in ``loket.documents``; this door only reads through its policies and calls its
service."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from loket.audit.models import Activity, Operation
from loket.cases.domain.errors import CaseRuleError
from loket.cases.models import Case
from loket.documents import selectors, services
from loket.documents.policies import cases_answerable_by, documents_of_applicant
from loket.web.shared.access import Actor, request_actor, signed_in
from loket.web.shared.downloads import document_response
from loket.web.shared.forms import AccessibleFormMixin
from loket.web.shared.processing import log_processing, processed_document
from loket.web.shared.templatetags.web_documents import request_to_answer

ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.Field):
    """One or more files, handed over as they are: the documents service judges their content
    (and names each bad file in its message)."""

    widget = MultipleFileInput

    def to_python(self, data: Any) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if isinstance(item, UploadedFile)]


class AnswerForm(AccessibleFormMixin, forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    request_sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    documents = FilesField(
        label=gettext_lazy("Your documents"),
        error_messages={"required": gettext_lazy("Choose at least one file to send.")},
    )

    def __init__(self, *args: Any, request_sequence: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_files: int = settings.LOKET_UPLOAD_MAX_FILES
        field = self.fields["documents"]
        field.help_text = _(
            "PDF, JPEG or PNG. You can choose more than one file: at most %(count)s files, "
            "each at most %(size)s."
        ) % {"count": self.max_files, "size": filesizeformat(settings.LOKET_UPLOAD_MAX_BYTES)}
        field.widget.attrs["accept"] = ACCEPT
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("request_sequence", request_sequence)
        self.decorate_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self.decorate_widgets(self.errors)

    def clean_documents(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["documents"]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                ngettext(
                    "You chose %(chosen)s files. You can send %(count)s file at a time.",
                    "You chose %(chosen)s files. You can send %(count)s files at a time.",
                    self.max_files,
                )
                % {"chosen": len(files), "count": self.max_files}
            )
        return files


def _answerable_case(actor: Actor, reference: str) -> Case:
    case = cases_answerable_by(actor).select_related("product").filter(reference=reference).first()
    if case is None:
        raise Http404("No such case.")
    return case


@require_http_methods(["GET", "POST"])
@signed_in
def answer_request(request: HttpRequest, reference: str) -> HttpResponse:
    """What we asked and by when, and the form to send the documents."""
    actor = request_actor(request)
    case = _answerable_case(actor, reference)
    answer = request_to_answer(case)  # the open request, as of today; None if there is none
    sent = selectors.case_documents(documents_of_applicant(actor), case)
    if request.method == "POST":
        # Sent to the service even when the request looks closed: a second click on "Send"
        # then hears that its documents arrived once, not that nothing is asked.
        sequence = answer.request.sequence if answer else 0
        form = AnswerForm(request.POST, request.FILES, request_sequence=sequence)
        if form.is_valid() and _submit(request, case, form):
            return redirect("applicant:case-detail", reference=case.reference)
    else:
        form = AnswerForm(request_sequence=answer.request.sequence if answer else 0)
    context = {"case": case, "answer": answer, "form": form, "sent": sent}
    return render(request, "applicant/answer_request.html", context)


def _submit(request: HttpRequest, case: Case, form: AnswerForm) -> bool:
    """Send the answer once. False when a file or the request was refused (said on the form)."""
    cleaned = form.cleaned_data
    try:
        answer = services.request_answer_submit(
            case=case,
            request_sequence=cleaned["request_sequence"],
            files=cleaned["documents"],
            answered_by=request.user if isinstance(request.user, User) else None,
            token=cleaned["submission_token"],
        )
    except services.UploadRejectedError as rejected:
        for problem in rejected.problems:
            form.add_error("documents", problem.message)
        form.add_error(
            None,
            _("We have not received your files. Correct what is wrong and send all files again."),
        )
        return False
    except services.AlreadySubmittedError:
        messages.info(request, _("You already sent these documents. We received them once."))
        return True
    except services.RequestClosedError:
        messages.info(
            request,
            _("We are no longer waiting for an answer to this question. Nothing was sent."),
        )
        return True
    except CaseRuleError:
        form.add_error(
            None,
            _(
                "We could not take in your documents just now. Nothing was sent. Try again "
                "later, or contact the person who handles your application."
            ),
        )
        return False
    count = len(answer.documents)
    log_processing(
        request,
        Activity.DOCUMENT_UPLOAD,
        [processed_document(document) for document in answer.documents],
        operation=Operation.CHANGE,
    )
    messages.success(
        request,
        ngettext(
            "Thank you. We received your %(count)s document. We now continue with your "
            "application.",
            "Thank you. We received your %(count)s documents. We now continue with your "
            "application.",
            count,
        )
        % {"count": count},
    )
    return True


@require_GET
@signed_in
def document_download(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    actor = request_actor(request)
    document = (
        documents_of_applicant(actor)
        .filter(case__reference=reference, pk=document_id)
        .select_related("case")
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    log_processing(request, Activity.DOCUMENT_READ, [processed_document(document)])
    return document_response(document)
