from triage.diagram import DOC, workflow_markdown


def test_the_workflow_document_matches_the_code() -> None:
    assert DOC.read_text() == workflow_markdown(), "Run `python manage.py workflow_diagram` and commit docs/workflow.md"


def test_the_document_shows_every_state_and_the_approval_loop() -> None:
    text = DOC.read_text()
    assert "awaiting_approval --> contact: Return for changes" in text
    assert "contact --> awaiting_approval: Propose a decision" in text
    assert "icpc --> closed: Record the child protection conference" in text
