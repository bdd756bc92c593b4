"""The API's documentation page in Chromium: it loads under the Content-Security-Policy with
no console error, passes axe-core on a desktop and a phone, and its links lead to the schema
and to the operations it documents."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_the_api_documentation_page(
    live_server, new_page, assert_accessible, directory_data, viewport
):
    page = new_page(viewport)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The site has no favicon: the 404 Chromium gets for it on every page is not this page's.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(live_server.url + reverse("api:docs"))

    expect(page.get_by_role("heading", level=1)).to_have_text("API de données ouvertes")
    assert_accessible(page)
    page.get_by_role("link", name="GET /api/v1/initiatives/", exact=True).click()
    expect(page.locator("#initiatives_list")).to_be_in_viewport()
    parameters = page.get_by_role("table", name="Paramètres de /api/v1/initiatives/")
    expect(parameters.get_by_role("rowheader", name="departement")).to_be_visible()
    page.get_by_role("link", name="Initiative", exact=True).first.click()
    expect(page.locator("#schema-initiative")).to_be_in_viewport()
    assert errors == []

    # The schema it links to is the API's, as a script elsewhere would read it.
    with page.expect_response(lambda response: "/api/v1/schema/" in response.url) as caught:
        page.get_by_role("link", name=f"{live_server.url}/api/v1/schema/").click()
    assert json.loads(caught.value.body())["info"]["version"] == "1"
