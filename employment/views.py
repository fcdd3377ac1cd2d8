from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from employment.models import HoursWaiver
from participants.access import log_reads
from participants.models import AccessLog


@login_required
def waiver_document(request, pk):
    """Streams an art. 16 waiver's document to those who may see the job; 404 to anyone else."""
    waiver = get_object_or_404(HoursWaiver.objects.visible_to(request.user), pk=pk)
    if not waiver.document:
        raise Http404
    log_reads(request, [waiver], kind=AccessLog.Kind.RECORD)
    return FileResponse(waiver.document.open("rb"), as_attachment=False)
