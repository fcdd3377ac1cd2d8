"""Forms that save once: each rendered form carries a one-time token, and sending it claims the
token in the transaction that saves (see ``SubmittedForm``)."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import SubmittedForm

FIELD = "form_token"
KEPT_FOR = datetime.timedelta(days=2)  # longer than any form stays open


def new_token() -> str:
    return uuid.uuid4().hex


def claim(request) -> bool:
    """Whether this send of a form is its first: False for a token already claimed. A form sent
    without a token (an older page, a script) is not protected and always counts as first.
    Call it inside the transaction that saves, before saving."""
    token = request.POST.get(FIELD, "")
    if not token or not request.user.is_authenticated:
        return True
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(token=token[:32], user=request.user)
    except IntegrityError:
        return False
    SubmittedForm.objects.filter(
        user=request.user, submitted_at__lt=timezone.now() - KEPT_FOR
    ).delete()
    return True
