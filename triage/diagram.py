"""Draw the request state machine from its declarations, as a Mermaid diagram.

docs/workflow.md is this output; tests/triage/test_workflow_document.py fails
when the code and the document disagree. Regenerate with
`python manage.py workflow_diagram`.
"""

from pathlib import Path

from django.conf import settings

from requests_app.models import RequestForSupport
from workflow.fsm import arrows
from workflow.states import State

DOC = Path(settings.BASE_DIR) / "docs" / "workflow.md"

HEADER = """# The request workflow

Generated from `workflow/machine.py` by `python manage.py workflow_diagram`; a test fails if they disagree.
Each arrow is a guarded transition: its label is the action, and the conditions and permissions are in the table.

"""


def _transitions() -> list[tuple[str, str, str, str, str]]:
    rows = {(a.source, a.target, a.label, a.conditions, a.permission) for a in arrows(RequestForSupport)}
    return sorted(rows, key=lambda row: (list(State).index(row[0]), list(State).index(row[1]), row[2]))


def workflow_markdown() -> str:
    lines = [HEADER, "```mermaid", "stateDiagram-v2", f"    [*] --> {State.SUBMITTED.value}"]
    for source, target, label, _, _ in _transitions():
        lines.append(f"    {source} --> {target}: {label}")
    for final in (State.CLOSED, State.WITHDRAWN):
        lines.append(f"    {final.value} --> [*]")
    lines.append(f"    {State.NOT_RETAINED.value} --> [*]: purged daily")
    lines += ["```", "", "| from | to | action | conditions | permission |", "|---|---|---|---|---|"]
    for source, target, label, conditions, permission in _transitions():
        lines.append(f"| {source} | {target} | {label} | {conditions} | {permission} |")
    lines += ["", "States:", ""]
    lines += [f"- `{state.value}`: {state.label}" for state in State]
    return "\n".join(lines) + "\n"
