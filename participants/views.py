from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from participants.access import log_reads
from participants.forms import QuickNoteForm
from participants.models import AccessLog, DisabilityCertificate, ProgressNote


@login_required
def certificate_scan(request, pk):
    """Streams a certificate's scan to staff who may see the certificate; 404 to anyone else."""
    certificate = get_object_or_404(DisabilityCertificate.objects.visible_to(request.user), pk=pk)
    if not certificate.scan:
        raise Http404
    log_reads(request, [certificate], kind=AccessLog.Kind.RECORD)
    return FileResponse(certificate.scan.open("rb"), as_attachment=False)


@login_required
def note_quick(request):
    """Log progress in seconds: one form, today's date, the user's participants and their goals;
    after saving, the same page again, ready for the next note."""
    if not request.user.has_perm("participants.add_progressnote"):
        raise PermissionDenied
    form = QuickNoteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        goal = form.cleaned_data["goal"]
        note = ProgressNote(
            enrolment=goal.version.programme.enrolment,
            goal=goal,
            rating=form.cleaned_data["rating"],
            text=form.cleaned_data["text"],
            written_on=form.cleaned_data["written_on"],
            author=request.user,
        )
        note.full_clean()
        note.save()
        messages.success(
            request,
            _("Saved: %(person)s, %(rating)s.")
            % {"person": note.enrolment.person, "rating": note.get_rating_display()},
        )
        return redirect("participants:note_quick")
    recent = list(
        ProgressNote.objects.visible_to(request.user)
        .filter(author=request.user)
        .select_related("enrolment__person", "goal")[:10]
    )
    log_reads(request, list(form.goals.values()), kind=AccessLog.Kind.LIST)
    return render(request, "participants/note_quick.html", {"form": form, "recent": recent})
