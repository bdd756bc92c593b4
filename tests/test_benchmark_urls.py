"""The benchmark's URL lists (directory/benchmark/urls.py): distinct, valid, generated from the
data, with search words in their frequency bands; and the slices wrk is handed."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from directory.benchmark import urls, wrk
from directory.benchmark.runner import split
from directory.models import Initiative

COUNT = 500


@pytest.fixture
def synthetic(seeded):
    """The seed data and 500 synthetic published entries."""
    call_command("seed_synthetic", count=COUNT, stdout=io.StringIO())
    return Initiative.objects.published()


def test_every_list_is_distinct_and_each_url_answers(synthetic, client):
    for kind in urls.KINDS:
        paths = kind.generate(30)
        assert len(paths) == 30, kind.key
        assert len(set(paths)) == len(paths), kind.key
        for path in paths:
            assert path.startswith("/initiatives/")
            response = client.get(path)
            assert response.status_code == 200, path


def test_long_lists_never_repeat_a_url_and_stop_at_the_limit(synthetic):
    total = synthetic.count()
    pages = urls.page_count(total)
    listing = urls.listing_urls(10_000)
    # Every page number in the default order, then the same pages in the three other orders.
    assert len(listing) == len(set(listing)) == pages * (1 + len(urls.LISTING_SORTS))
    assert {f"/initiatives/?page={page}" for page in range(1, pages + 1)} <= set(listing)
    assert sorted(urls.detail_urls(10_000)) == sorted(
        f"/initiatives/{slug}/" for slug in synthetic.values_list("slug", flat=True)
    )
    for kind in urls.KINDS:
        paths = kind.generate(10_000)
        assert len(paths) == len(set(paths)), kind.key
        assert kind.generate(100) == kind.generate(100), "deterministic"
        assert len(kind.generate(100)) == 100


def test_filtered_urls_cover_every_kind_and_departement_pair(synthetic):
    counts = urls.kind_departement_counts()
    assert sum(counts.values()) >= COUNT  # every entry has a kind and a place
    paths = urls.filtered_urls(len(counts))
    pairs = set()
    for path in paths:
        query = parse_qs(urlsplit(path).query)
        assert set(query) == {"categorie", "departement"}, "page 1, default order first"
        pairs.add((query["categorie"][0], query["departement"][0]))
    assert pairs == set(counts)


@pytest.mark.parametrize("band", [urls.RARE_BAND, urls.COMMON_BAND])
def test_search_words_are_within_their_band(synthetic, client, band):
    total = synthetic.count()
    words = list(urls.search_words(band))
    assert len(words) >= urls.MIN_WORDS
    assert len({found.word for found in words}) == len(words)
    for found in words[: urls.MIN_WORDS]:
        assert band[0] <= found.matches / total <= band[1], found
        # The count is what the listing itself finds for the word.
        response = client.get("/initiatives/", {"q": found.word})
        assert response.context["page_obj"].paginator.count == found.matches, found


def test_search_urls_use_their_band_words_and_valid_pages(synthetic, client):
    matches = {found.word: found.matches for found in urls.search_words(urls.COMMON_BAND, seed=5)}
    paths = urls.common_search_urls(200)
    assert len(paths) == len(set(paths)) == 200
    for path in paths:
        query = parse_qs(urlsplit(path).query)
        word = query["q"][0]
        assert word in matches
        page = int(query.get("page", ["1"])[0])
        assert 1 <= page <= urls.page_count(matches[word]), path


def test_mix_interleaves_the_lists_without_repeating():
    lists = [["/a", "/b", "/c"], ["/x"], ["/a", "/y"]]
    assert urls.mix_urls(lists, 10) == ["/a", "/x", "/b", "/y", "/c"]
    assert urls.mix_urls(lists, 3) == ["/a", "/x", "/b"]


def test_the_one_connection_slice_is_disjoint_and_smaller():
    paths = [f"/p{number}" for number in range(1000)]
    loaded, single = split(paths, single_duration=1)
    assert loaded + single == paths
    assert len(single) == 150  # the target rate for a second
    assert split(paths[:8], 5) == (paths[:6], paths[6:8])


def test_wrk_refuses_a_list_that_repeats_a_url():
    with pytest.raises(ValueError, match="repeats"):
        wrk.run("http://127.0.0.1:9", ["/a", "/a"], 1, 1, 1)


def test_wrk_summary_parsing_takes_the_time_actually_spent():
    output = "BENCH requests=300 errors=0 duration_us=15000000 spent_us=3000000 exhausted=2 "
    load = wrk.parse(output + "p50=2000 p95=9000\n", urls=310)
    assert load.rps == 100
    assert (load.p50_ms, load.p95_ms, load.exhausted, load.urls) == (2.0, 9.0, 2, 310)
