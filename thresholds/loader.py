"""Load the shipped frameworks and area settings from thresholds/data/*.yaml.

Used by the data migration (with historical models) and by the idempotent
`manage.py load_frameworks` command. A version already in the database is never
rewritten: to change a shipped framework, add it with a higher `version`.
"""

from collections.abc import Callable
from pathlib import Path

import yaml
from django.apps import apps as global_apps
from django.utils import timezone

from .rules import rule_validate

DATA_DIR = Path(__file__).resolve().parent / "data"
FRAMEWORK_FILES = ["pan-lancashire", "blackpool", "westmorland-and-furness", "luton"]


# libyaml's safe loader when PyYAML was built with it: the same documents, parsed several times faster
# (the test suite loads the frameworks again after every test that empties the database).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str, data_dir: Path) -> object:
    return yaml.load((data_dir / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


def _present(fields: set[str], **values) -> dict:
    return {name: value for name, value in values.items() if name in fields}


def level_flags_update(*, get_model: Callable = global_apps.get_model, data_dir: Path = DATA_DIR) -> int:
    """Set each shipped level's flags from the YAML on versions loaded before the flags existed."""
    Level = get_model("thresholds", "Level")
    updated = 0
    for name in FRAMEWORK_FILES:
        data = _read(f"{name}.yaml", data_dir)
        for level in data["levels"]:
            updated += Level.objects.filter(
                version__framework__key=data["key"], version__number=data["version"], number=level["number"]
            ).update(expects_prior_early_help=bool(level.get("expects_prior_early_help")))
    return updated


def _source(data: dict) -> dict:
    """How a framework's pages cite its source document: by title, never by file name."""
    return {
        "source_title": data.get("source_title") or "",
        "source_publisher": data.get("source_publisher") or "",
        "source_cited_as": data.get("source_cited_as") or "",
    }


def version_sources_update(*, get_model: Callable = global_apps.get_model, data_dir: Path = DATA_DIR) -> int:
    """Give shipped versions loaded before versions had titles their source's title (a data migration runs this)."""
    FrameworkVersion = get_model("thresholds", "FrameworkVersion")
    updated = 0
    for name in FRAMEWORK_FILES:
        data = _read(f"{name}.yaml", data_dir)
        updated += FrameworkVersion.objects.filter(
            framework__key=data["key"], source_document=data["source_document"], source_title=""
        ).update(**_source(data))
    return updated


POLICY_FIELDS = ("override_grounds", "purges_not_retained", "assessment_clock_scope")


def area_policies_update(*, get_model: Callable = global_apps.get_model, data_dir: Path = DATA_DIR) -> int:
    """Bring shipped areas' policy settings into line with areas.yaml (a data migration runs this)."""
    Area = get_model("hub", "Area")
    updated = 0
    for area in _read("areas.yaml", data_dir):
        values = {
            "override_grounds": area["override_grounds"],
            "purges_not_retained": bool(area.get("purges_not_retained")),
            "assessment_clock_scope": area.get("assessment_clock_scope") or "all",
        }
        sources = area.get("sources") or {}
        for existing in Area.objects.filter(slug=area["slug"]):
            existing.settings_sources = {**(existing.settings_sources or {}), **sources}
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save(update_fields=[*POLICY_FIELDS, "settings_sources"])
            updated += 1
    return updated


def frameworks_load(*, get_model: Callable = global_apps.get_model, data_dir: Path = DATA_DIR) -> list[str]:
    """Create any framework version and area not yet loaded; return what was done, in words."""
    Framework = get_model("thresholds", "Framework")
    FrameworkVersion = get_model("thresholds", "FrameworkVersion")
    Level = get_model("thresholds", "Level")
    Domain = get_model("thresholds", "Domain")
    Indicator = get_model("thresholds", "Indicator")
    Factor = get_model("thresholds", "Factor")
    Area = get_model("hub", "Area")
    done = []

    frameworks = {}
    for stem in FRAMEWORK_FILES:
        data = _read(f"{stem}.yaml", data_dir)
        framework, _ = Framework.objects.get_or_create(key=data["key"], defaults={"name": data["name"]})
        frameworks[data["key"]] = framework
        if FrameworkVersion.objects.filter(framework=framework, number=data["version"]).exists():
            continue
        version_fields = {field.name for field in FrameworkVersion._meta.get_fields()}
        version = FrameworkVersion.objects.create(
            **_present(version_fields, **_source(data)),
            framework=framework,
            number=data["version"],
            source_document=data["source_document"],
            effective_from=data["effective_from"],
            effective_from_note=data.get("effective_from_note", ""),
            has_indicators=data["has_indicators"],
            indicators_note=data.get("indicators_note") or "",
            notes=data.get("notes") or "",
            change_note="Shipped with Support Hub from the seed document.",
            published_at=timezone.now(),
        )
        # An early migration loads the frameworks with the Level model as it was then:
        # pass only the fields that model has.
        level_fields = {field.name for field in Level._meta.get_fields()}
        levels = {
            level["number"]: Level.objects.create(
                **_present(level_fields, expects_prior_early_help=bool(level.get("expects_prior_early_help"))),
                version=version,
                number=level["number"],
                name=level["name"],
                aliases=level.get("aliases") or [],
                definition=level["definition"],
                response=level.get("response") or "",
                who_leads=level.get("who_leads") or "",
                assessment=level.get("assessment") or "",
                consent_rule=level.get("consent_rule") or "",
                who_to_contact=level.get("who_to_contact") or "",
                statutory_bases=level.get("statutory_basis") or ["none"],
                source_ref=level["source_ref"],
            )
            for level in data["levels"]
        }
        domains = {
            domain["key"]: Domain.objects.create(version=version, key=domain["key"], name=domain["name"], position=n)
            for n, domain in enumerate(data["domains"])
        }
        indicators = []
        for n, item in enumerate(data["indicators"]):
            if item.get("rule") is not None:
                rule_validate(item["rule"])
            indicators.append(
                Indicator(
                    version=version,
                    level=levels[item["level"]],
                    domain=domains[item["domain"]],
                    text=item["text"],
                    source_ref=item["source_ref"],
                    statutory_basis=item.get("statutory_basis") or "",
                    rule=item.get("rule"),
                    position=n,
                )
            )
        Indicator.objects.bulk_create(indicators)
        Factor.objects.bulk_create(
            Factor(
                version=version,
                kind=f["kind"],
                group=f.get("group") or "",
                text=f["text"],
                source_ref=f["source_ref"],
                position=n,
            )
            for n, f in enumerate(data.get("factors") or [])
        )
        done.append(f"{framework.name}: version {version.number}, {len(indicators)} indicators")

    for area in _read("areas.yaml", data_dir):
        defaults = {
            "name": area["name"],
            "framework": frameworks[area["framework"]],
            "consent_policy": area["consent_policy"],
            "override_grounds": area["override_grounds"],
            "child_consent_from_age": area.get("child_consent_from_age"),
            "child_consent_test": area.get("child_consent_test") or "",
            "conference_deadline_unit": area["conference_deadline_unit"],
            "settings_sources": area.get("sources") or {},
            "postcode_districts": area.get("postcode_districts") or [],
            "purges_not_retained": bool(area.get("purges_not_retained")),
            "assessment_clock_scope": area.get("assessment_clock_scope") or "all",
            "la_code": area.get("la_code") or "",
        }
        if area.get("office_hours"):
            defaults["office_hours"] = area["office_hours"]
        # Under a data migration, Area is the historical model: set only the
        # fields it has at that point (a later migration fills the rest).
        known = {field.name for field in Area._meta.get_fields()}
        defaults = {key: value for key, value in defaults.items() if key in known}
        existing = Area.objects.filter(slug=area["slug"]).first()
        if existing is None:
            Area.objects.create(
                slug=area["slug"],
                mash_phone=area.get("mash_phone") or "",
                out_of_hours_phone=area.get("out_of_hours_phone") or "",
                **defaults,
            )
            done.append(f"Area {area['name']}")
        elif existing.framework_id is None or getattr(existing, "postcode_districts", None) != defaults.get(
            "postcode_districts"
        ):
            # An area made before frameworks were loaded (e.g. by hand): fill in its settings once.
            for key, value in defaults.items():
                setattr(existing, key, value)
            existing.save()
            done.append(f"Area {area['name']} settings")
    return done
