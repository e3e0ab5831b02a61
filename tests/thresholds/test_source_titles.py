"""The levels-of-need pages cite their source document by its title. The file name the
service keeps it under appears only in the details about the source."""

import re

import pytest
from django.test import Client

from hub.models import Area
from hub.roles import Role
from tests.factories import persona
from thresholds.loader import version_sources_update
from thresholds.models import FrameworkVersion

pytestmark = pytest.mark.django_db
TITLES = {
    "lancashire": "Working Well with Children and Families in Lancashire",
    "blackburn-with-darwen": "Working Well with Children and Families in Lancashire",
    "blackpool": "Keeping Children Safe in Blackpool",
    "westmorland-and-furness": "Westmorland and Furness Threshold Guidance: Meeting the Needs of Children and "
    "Families at the Earliest Opportunity",
    "luton": "Effective Support for Children and Families in Luton",
}


@pytest.fixture
def rita_client() -> Client:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    return client


def glance(client: Client, slug: str) -> str:
    return client.get(f"/levels-of-need/{slug}/").content.decode().replace("&#x27;", "'").replace("&amp;", "&")


def outside_the_source_details(html: str) -> str:
    return re.sub(r'<details class="govuk-details" id="about-the-source">.*?</details>', "", html, flags=re.S)


@pytest.mark.parametrize("slug", TITLES)
def test_each_areas_levels_of_need_cite_the_document_by_its_title(rita_client, slug: str) -> None:
    html = glance(rita_client, slug)
    assert f"Taken from <cite>{TITLES[slug]}</cite>" in html


@pytest.mark.parametrize("slug", TITLES)
def test_the_file_name_appears_only_in_the_details_about_the_source(rita_client, slug: str) -> None:
    file_name = Area.objects.get(slug=slug).framework.current_version().source_document
    html = glance(rita_client, slug)
    assert file_name in html
    assert file_name not in outside_the_source_details(html)
    assert ".txt" not in outside_the_source_details(html)


def test_a_source_reference_names_its_section_not_the_documents_number(rita_client) -> None:
    html = outside_the_source_details(glance(rita_client, "luton"))
    assert "Source: Example Indicators – Emerging Needs, Health" in html
    assert "Source: 003," not in html and ">003, " not in html


def test_the_title_is_read_from_the_version_so_a_new_document_needs_no_code(rita_client, lancashire) -> None:
    FrameworkVersion.objects.filter(framework=lancashire.framework).update(
        source_title="Lancashire Continuum of Need, 2027 edition", source_publisher="A new partnership"
    )
    html = glance(rita_client, "lancashire")
    assert "Taken from <cite>Lancashire Continuum of Need, 2027 edition</cite> (A new partnership)" in html


def test_versions_loaded_before_titles_existed_take_their_title_from_the_shipped_data() -> None:
    FrameworkVersion.objects.update(source_title="", source_publisher="", source_cited_as="")
    assert version_sources_update() == 4
    luton = FrameworkVersion.objects.get(framework__key="luton")
    assert (luton.source_title, luton.source_publisher, luton.source_cited_as) == (
        TITLES["luton"],
        "Luton Safeguarding Children Partnership",
        "003",
    )
