"""The path page of one person, and its easy-read print for the person and their family."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from common.text import fold
from employment import scoping as employment_scoping
from organisations.policy import policy_snapshot
from participants.access import log_reads
from participants.models import AccessLog, Enrolment, Person, ProgrammeGoal
from paths import easy, hub, timeline, todo
from paths.events import events_of
from paths.services import path_of


@login_required
def path_page(request, pk):
    """Everything on one person's way that the user may see: the track of stages, the events in
    order, and what comes next. 404 for anyone the user may not see."""
    person = get_object_or_404(employment_scoping.persons_for(request.user), pk=pk)
    today = timezone.localdate()
    with policy_snapshot():
        the_path = path_of(person.pk, user=request.user, today=today)
        next_items = todo.items_about(todo.todo_items(request.user, today), person.pk)
    log_reads(request, [person], kind=AccessLog.Kind.RECORD)
    headline = the_path.headline_on(today)
    return render(
        request,
        "paths/path.html",
        {
            "person": person,
            "path": the_path,
            "headline": headline,
            "today": today,
            "track": timeline.track(the_path, today),
            "steps": [(step, step.days(today)) for step in the_path.steps],
            "events": events_of(person, request.user, today),
            "records": hub.records_of(person, request.user),
            "next_items": next_items,
            "may_print_easy": Person.objects.visible_to(request.user).filter(pk=pk).exists(),
        },
    )


@login_required
def easy_page(request, pk):
    """ "Moja ścieżka": the person's way in easy words, for them and their family — only for those
    who keep the person's therapy records, and with no diagnosis or evaluation on it."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    with policy_snapshot():
        the_path = path_of(person.pk, user=request.user, today=today)
    goals = (
        ProgrammeGoal.objects.visible_to(request.user)
        .filter(version__programme__enrolment__person=person, version__valid_from__lte=today)
        .exclude(in_own_words="")
        .order_by("-version__valid_from", "pk")
    )
    current_goals = []
    if goals:
        latest = goals[0].version_id
        current_goals = [goal for goal in goals if goal.version_id == latest]
    log_reads(request, [person], kind=AccessLog.Kind.EXPORT)
    return render(
        request,
        "paths/easy.html",
        {
            "person": person,
            "page": easy.page_for(person, the_path, request.user, today),
            "goals": current_goals,
            "today": today,
        },
    )


SEARCH_RESULTS = 50


@login_required
def search(request):
    """Anyone the user may see, found by name or PESEL from any page, diacritics or not."""
    query = request.GET.get("q", "").strip()
    people = []
    words = fold(query).split()
    if words:
        found = employment_scoping.persons_for(request.user)
        for word in words:
            found = found.filter(search_key__contains=word)
        people = list(
            found.prefetch_related(
                Prefetch(
                    "enrolments",
                    queryset=Enrolment.objects.filter(exited_on__isnull=True).select_related(
                        "workshop"
                    ),
                    to_attr="attending",
                )
            ).order_by("last_name", "first_name", "pk")[: SEARCH_RESULTS + 1]
        )
        log_reads(request, people[:SEARCH_RESULTS], kind=AccessLog.Kind.LIST)
    return render(
        request,
        "paths/search.html",
        {
            "query": query,
            "people": people[:SEARCH_RESULTS],
            "more": len(people) > SEARCH_RESULTS,
            "may_open_record": request.user.has_perm("participants.view_person"),
        },
    )
