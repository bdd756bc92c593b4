"""Images on the public pages: the detail page's picture and the cards' lazy thumbnails, with
width, height and alternative text, at no query or file-system cost."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.images.renditions import renditions
from directory.listing import bitsets
from directory.models import Initiative
from tests import factories
from tests.image_files import attach_image, photo

pytestmark = pytest.mark.django_db


def test_detail_page_shows_a_picture_with_webp_sizes_and_alt(client, initiative):
    attach_image(initiative, photo((1600, 1200)), alt="Des bénévoles au jardin")
    large = renditions(initiative.image.name)["large"]
    thumb = renditions(initiative.image.name)["thumb"]
    content = client.get(initiative.get_absolute_url()).content.decode()
    picture = re.search(r'<picture class="detail__image">.*?</picture>', content).group()
    assert (
        f'<source type="image/webp" srcset="{thumb.source.url} 320w, {large.source.url} 1200w"'
        in picture
    )
    assert f'<img src="{large.img.url}"' in picture
    assert 'width="1200" height="900" alt="Des bénévoles au jardin"' in picture
    assert 'loading="lazy"' not in picture
    assert large.img.url.startswith("/media/initiatives/renditions/")
    assert f'<meta property="og:image" content="http://testserver{large.img.url}">' in content


def test_card_shows_a_lazy_thumbnail_with_size_and_alt(client, initiative):
    attach_image(initiative, photo((1200, 1600)), alt="Logo du jardin")
    thumb = renditions(initiative.image.name)["thumb"]
    content = client.get(reverse("directory:initiative_list")).content.decode()
    assert f'<source type="image/webp" srcset="{thumb.source.url}" width="240" height="320">' in (
        content
    )
    assert (
        f'<img src="{thumb.img.url}" width="240" height="320" alt="Logo du jardin" '
        'loading="lazy"' in content
    )


def test_entry_without_image_shows_no_picture(client, initiative):
    assert "<picture" not in client.get(initiative.get_absolute_url()).content.decode()
    assert "<picture" not in client.get(reverse("directory:initiative_list")).content.decode()


def count_queries(client, url: str) -> int:
    cache.clear()
    bitsets.forget()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_thumbnails_cost_no_query_and_no_file_access(client, geography, monkeypatch):
    """Protects the listing from a query or a file-system check per card's thumbnail."""
    entries = factories.InitiativeFactory.create_batch(5)
    for entry in entries:
        factories.LocationFactory(initiative=entry, commune=geography["montreuil"])
    url = reverse("directory:initiative_list")
    without_images = count_queries(client, url)
    for entry in entries:
        attach_image(entry, photo((400, 300)))

    def no_file_access(*args, **kwargs):
        raise AssertionError("a card touched the file system")

    for method in ("exists", "open", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, no_file_access)
    assert count_queries(client, url) == without_images <= 8
    assert client.get(url).content.decode().count("<picture") == 5


def test_detail_image_costs_no_query(client, initiative):
    """Protects the detail page's query budget (cold cache, see tests/test_views.py) from the
    image: its renditions are found from its name."""
    without_image = count_queries(client, initiative.get_absolute_url())
    attach_image(initiative, photo())
    assert count_queries(client, initiative.get_absolute_url()) == without_image


def test_image_with_a_name_made_elsewhere_is_not_shown_as_a_picture(client, initiative):
    """A file stored before images were cleaned (no size in its name) is left out."""
    Initiative.objects.filter(pk=initiative.pk).update(image="initiatives/ancien-logo.jpg")
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert "<picture" not in response.content.decode()
