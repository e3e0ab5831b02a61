import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db
AREAS = ["lancashire", "blackburn-with-darwen", "blackpool", "westmorland-and-furness", "luton"]


@pytest.fixture
def rita_client() -> Client:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    return client


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&amp;", "&")


def test_every_signed_in_user_can_open_the_index_of_areas(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/"))
    for name in ["Lancashire", "Blackburn with Darwen", "Blackpool", "Westmorland and Furness", "Luton"]:
        assert name in html


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    assert Client().get("/levels-of-need/lancashire/").status_code == 302


@pytest.mark.parametrize("slug", AREAS)
def test_each_area_has_a_glance_page_with_its_four_level_definitions(rita_client, slug: str) -> None:
    response = rita_client.get(f"/levels-of-need/{slug}/")
    assert response.status_code == 200
    html = text(response)
    assert "at a glance" in html
    assert "What it means" in html and "Who to contact" in html


def test_the_lancashire_page_shows_levels_with_aliases_and_indicators_by_domain(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/lancashire/"))
    assert "Level 2: Early Help" in html and "also called Universal Plus" in html
    assert "Level 3: Family Help" in html and "also called Intensive" in html
    assert "56 indicators at level 4" in html
    assert "Emerging patterns of child being missing from home" in html
    assert "Source: Indicators of possible need – Level 4 – Specialist, Health" in html


def test_searching_filters_the_indicators_and_says_how_many_match(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/lancashire/", {"q": "missing from home"}))
    assert "Emerging patterns of child being missing from home" in html
    assert "Repeated incidents of missing from home" in html
    assert "Restricted diet" not in html
    assert "match “missing from home”" in html


def test_a_search_with_no_match_says_so_at_each_level(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/luton/", {"q": "zzzznothing"}))
    assert "<strong>0</strong> indicators match" in html
    assert "No indicators at this level match your search" in html


def test_westmorland_and_furness_says_its_indicators_are_not_included(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/westmorland-and-furness/"))
    assert "Understanding the Level of Need" in html
    assert "Children needing special consideration" in html
    assert "Search the indicators" not in html


def test_blackpool_shows_its_resilient_factors_and_marks_cin_and_cp(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/blackpool/"))
    assert "Resilient factors" in html
    assert "Child in need" in html and "Child protection" in html


def test_shared_frameworks_name_the_other_areas(rita_client) -> None:
    html = text(rita_client.get("/levels-of-need/lancashire/"))
    assert "The same levels of need apply in Blackburn with Darwen" in html


def test_an_unknown_area_is_not_found(rita_client) -> None:
    assert rita_client.get("/levels-of-need/atlantis/").status_code == 404


def test_the_page_runs_the_same_number_of_queries_for_a_small_and_a_large_framework(rita_client) -> None:
    def count(slug: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            rita_client.get(f"/levels-of-need/{slug}/")
        return len(queries)

    assert count("blackpool") == count("luton")  # 58 against 220 indicators
