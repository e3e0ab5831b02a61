"""The coaching on a Request for Support: how right each check is on the labelled set of
synthetic requests (tests/data/requests/), printed as a table, and what coaching a request
costs beside validating its worries page with the form, which check answers does already."""

import pytest

from bench import harness
from bench.harness import compare
from requests_app.coaching import coaching_review
from requests_app.forms import WorriesForm
from tests.coaching_set import answers_of, labelled_set, scores, scores_table


@pytest.mark.django_db
def test_coaching_precision_and_recall_on_the_labelled_set_and_its_cost() -> None:
    records = labelled_set()
    table, _ = scores(records)
    harness.TABLES[f"Coaching, each check on the labelled set of {len(records)} requests"] = scores_table(table)
    held_out, _ = scores(labelled_set(("held_out.jsonl",)))
    harness.TABLES["Coaching, the 28 requests written after the rules (held_out.jsonl)"] = scores_table(held_out)
    answers = [answers_of(record) for record in records]
    worries = [{**record["worries"], "prior_eha": "no", "police_involved": "no"} for record in records]
    compare(
        f"coach {len(records)} requests (rules only)",
        lambda: [coaching_review(a) for a in answers],
        lambda: [WorriesForm(data={**w, "allegation_against_professional": "no"}).is_valid() for w in worries],
        baseline_name=f"validate their {len(records)} worries pages",
        note="Coaching runs on every view of check answers and every API review; no query, no model.",
        repeat=20,
    )
