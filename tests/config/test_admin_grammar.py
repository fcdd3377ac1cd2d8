"""The admin speaks Polish that needs no declension: a model's name follows a colon, never a verb
that would have to decline it."""

from django.utils import translation


def test_the_admins_titles_and_messages_read_as_polish(world, people, client_for):
    client = client_for(world.staff)
    with translation.override("pl"):
        changelist = client.get("/admin/participants/person/").content.decode()
        add = client.get("/admin/participants/person/add/").content.decode()
        change = client.get(f"/admin/participants/person/{people.participant.pk}/change/")
    assert "Wybierz do zmiany: osoba" in changelist or "Wybierz do zmiany: Osoba" in changelist
    assert "Dodaj: osoba" in add or "Dodaj: Osoba" in add
    for body in (changelist, add, change.content.decode()):
        assert "Dodaj osoba" not in body
        assert "(-ną)" not in body
        assert "(-na)" not in body
