"""Error pages speak Polish, look like the product and lead back."""

from django.test import Client
from django.utils import translation


def test_a_form_sent_without_its_security_token_gets_a_polish_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    with translation.override("pl"):
        response = client.post("/accounts/profile/", {"language": "pl"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formularz wygasł" in body
    assert "Nic nie zapisano" in body
    assert 'href="/"' in body
    assert "Forbidden" not in body
