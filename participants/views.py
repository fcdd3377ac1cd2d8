from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from participants.access import log_reads
from participants.models import AccessLog, DisabilityCertificate


@login_required
def certificate_scan(request, pk):
    """Streams a certificate's scan to staff who may see the certificate; 404 to anyone else."""
    certificate = get_object_or_404(DisabilityCertificate.objects.visible_to(request.user), pk=pk)
    if not certificate.scan:
        raise Http404
    log_reads(request, [certificate], kind=AccessLog.Kind.RECORD)
    return FileResponse(certificate.scan.open("rb"), as_attachment=False)
