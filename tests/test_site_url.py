"""Absolute URLs come from the SITE_URL setting, never from the request: a client choosing its
Host header (another allowed host name, another port) or its scheme changes none of them, in
the pages, the exports or the e-mails."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from directory.curation import notifications
from directory.images.renditions import renditions
from directory.models import ProposalState
from directory.public.antispam import issue_token
from directory.site_url import reverse_unprefixed
from innovation_site.environment import site_url_from
from tests import factories
from tests.image_files import attach_image, photo

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://innovation-sociale.example"
# What a client may send: allowed host names (ports are not part of ALLOWED_HOSTS), over
# plain HTTP or claiming HTTPS.
CLIENTS = [
    {"HTTP_HOST": "127.0.0.1:9999"},
    {"HTTP_HOST": "localhost"},
    {"HTTP_HOST": "localhost:8000", "secure": True},
    {},  # the test client's own "testserver"
]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def canonical(content: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)">', content).group(1)


@pytest.mark.parametrize("extra", CLIENTS)
def test_canonical_link_and_open_graph_image_use_the_site_url(client, initiative, extra):
    attach_image(initiative, photo((1600, 1200)), alt="Le jardin")
    large = renditions(initiative.image.name)["large"]
    content = client.get(initiative.get_absolute_url(), **extra).content.decode()
    assert canonical(content) == f"{SITE}/initiatives/amap-des-lilas/"
    assert large.img.url.startswith("/media/initiatives/renditions/")
    assert f'<meta property="og:image" content="{SITE}{large.img.url}">' in content


@pytest.mark.parametrize("extra", CLIENTS)
def test_share_link_and_printed_address_use_the_site_url(client, initiative, extra):
    content = client.get(initiative.get_absolute_url(), **extra).content.decode()
    page = "https%3A%2F%2Finnovation-sociale.example%2Finitiatives%2Famap-des-lilas%2F"
    assert f'&amp;body=Des%20l%C3%A9gumes%20chaque%20mardi.%0D%0A%0D%0A{page}">' in content
    assert f" : {SITE}/initiatives/amap-des-lilas/</p>" in content


@pytest.mark.parametrize("extra", CLIENTS)
def test_geojson_urls_use_the_site_url(client, initiative, extra):
    response = client.get(reverse("directory:initiatives_geojson"), **extra)
    collection = json.loads(b"".join(response.streaming_content))
    (feature,) = collection["features"]
    assert feature["properties"]["url"] == f"{SITE}/initiatives/amap-des-lilas/"


def test_another_host_gets_the_page_the_cache_already_has(
    client, initiative, django_assert_num_queries
):
    """Pages no longer depend on the host: the cache keeps one copy of each, whatever the Host
    header (a client varying the port cannot fill it with copies)."""
    url = initiative.get_absolute_url()
    first = client.get(url, HTTP_HOST="localhost")
    with django_assert_num_queries(1):  # the data version only
        again = client.get(url, HTTP_HOST="127.0.0.1:9999")
    assert again["ETag"] == first["ETag"]
    assert again.content == first.content


@pytest.mark.usefixtures("_curation_email")
def test_emails_about_a_proposal_link_to_the_site_url(task_queue):
    proposal = factories.ProposalFactory()
    notifications.proposal_received(proposal)
    task_queue.run()
    to_curators, to_proposer = mail.outbox
    admin_url = SITE + reverse("admin:directory_proposal_change", args=[proposal.pk])
    assert admin_url in to_curators.body
    assert f"{SITE}/donnees-personnelles/" in to_proposer.body

    initiative = proposal.initiative
    initiative.slug = "repair-cafe"
    initiative.save()
    # Announced while the proposal is in the state it announces (see test_notifications.py).
    proposal.state = ProposalState.ACCEPTED
    proposal.save()
    notifications.proposals_decided([proposal])
    task_queue.run()
    assert f"{SITE}/initiatives/repair-cafe/" in mail.outbox[2].body

    proposal.state = ProposalState.REJECTED
    proposal.save()
    notifications.proposals_decided([proposal])
    task_queue.run()
    assert f"{SITE}/proposer/" in mail.outbox[3].body


@pytest.mark.usefixtures("_curation_email")
def test_email_about_an_error_report_links_to_the_site_url(initiative, task_queue):
    report = factories.ErrorReportFactory(initiative=initiative)
    notifications.report_received(report)
    task_queue.run()
    (message,) = mail.outbox
    admin_url = SITE + reverse("admin:directory_errorreport_change", args=[report.pk])
    assert admin_url in message.body
    assert f"{SITE}/initiatives/amap-des-lilas/" in message.body


# --- The setting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://innovation-sociale.example", "https://innovation-sociale.example"),
        ("https://innovation-sociale.example/", "https://innovation-sociale.example"),
        (" HTTPS://Innovation-Sociale.Example ", "https://innovation-sociale.example"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
    ],
)
def test_site_url_is_an_origin(value, expected):
    assert site_url_from(value, debug=False) == expected


def test_site_url_defaults_to_the_development_server_with_debug():
    assert site_url_from("", debug=True) == "http://127.0.0.1:8000"


def test_site_url_is_required_without_debug():
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be set"):
        site_url_from("", debug=False)


@pytest.mark.parametrize(
    "value",
    [
        "innovation-sociale.example",
        "//innovation-sociale.example",
        "ftp://innovation-sociale.example",
        "https://",
        "https://innovation-sociale.example/annuaire/",
        "https://innovation-sociale.example?x=1",
        "https://innovation-sociale.example#top",
        "https://user:secret@innovation-sociale.example",
        "https://innovation-sociale.example:port",
        "https://innovation sociale.example",
    ],
)
def test_site_url_refuses_anything_but_an_origin(value):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        site_url_from(value, debug=False)


@pytest.mark.usefixtures("_curation_email")
def test_a_report_sent_to_another_host_and_port_links_to_the_site_url(
    client, initiative, task_queue
):
    data = {
        "message": "Les distributions ont lieu le jeudi.",
        "email": "lectrice@exemple.fr",
        "fax": "",
        "jeton": issue_token(time.time() - 20),
    }
    url = reverse("directory:report", args=[initiative.slug])
    response = client.post(url, data, HTTP_HOST="127.0.0.1:9999", secure=True)
    task_queue.run()
    assert response.status_code == 302
    (message,) = mail.outbox
    assert f"({SITE}/initiatives/amap-des-lilas/)" in message.body
    assert "127.0.0.1" not in message.body


def settings_in_a_fresh_process(names: list[str], **environment: str) -> list[str]:
    """The values of settings as a new process reads them from ``environment``."""
    code = (
        "from django.conf import settings; "
        f"print('\\n'.join(str(getattr(settings, name)) for name in {names!r}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innovation_site.settings", **environment}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_the_https_redirect_goes_to_the_site_url_host():
    """SecurityMiddleware's redirect to HTTPS names SITE_URL's host, not the request's."""
    assert settings_in_a_fresh_process(
        ["SITE_URL", "SECURE_SSL_HOST"],
        SITE_URL="https://innovation-sociale.example:8443/",
        SECURE_SSL_REDIRECT="1",
    ) == ["https://innovation-sociale.example:8443", "innovation-sociale.example:8443"]


def test_a_language_neutral_path_follows_the_script_prefix_and_its_arguments():
    """``reverse_unprefixed`` keeps what it reversed, by its arguments, the default language,
    the script prefix and the URLconf: a site under /annuaire/ gets its own paths, in every
    language, and another slug its own."""
    prefix = get_script_prefix()
    try:
        paths = []
        for script_prefix in ("/", "/annuaire/", "/"):
            set_script_prefix(script_prefix)
            for language in ("fr", "en"):
                with translation.override(language):
                    paths.append(
                        (
                            reverse_unprefixed("directory:feed"),
                            reverse_unprefixed("directory:category_feed", kwargs={"slug": "amap"}),
                            reverse_unprefixed("directory:category_feed", kwargs={"slug": "sel"}),
                        )
                    )
    finally:
        set_script_prefix(prefix)

    plain = (
        "/initiatives.atom",
        "/categories/amap/nouveautes.atom",
        "/categories/sel/nouveautes.atom",
    )
    prefixed = tuple("/annuaire" + path for path in plain)
    assert paths == [plain, plain, prefixed, prefixed, plain, plain]
