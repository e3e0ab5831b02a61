"""Every fixed word of the family copy, in one place, so its reading age can be measured
(tests/family/test_reading_age.py pins it) and kept near 11 years (a Flesch-Kincaid grade of
6 or below). Placeholders in braces are filled from the request."""

from .models import Stage

TITLE = "Your copy of the request for help"
HEADINGS = {
    "why": "Why you have this copy",
    "asked": "What was asked",
    "strengths": "What is going well",
    "worries": "What the worries are",
    "own_words": "In your own words",
    "next": "What happens next",
    "outcome": "What the hub decided",
    "contact": "Who to talk to",
}
WHY = (
    "{referrer} from {agency} asked for help for your family. "
    "This copy shows you what they wrote. "
    "It is for you to keep."
)
ASKED = "On {date}, {referrer} asked the {area} hub for help for {children}."
# What each level of need means for the family, in plain words.
LEVEL = {
    1: "They asked for help that every family can get. It can come from a school or a doctor.",
    2: "They asked for some extra help. The help is planned with your family.",
    3: "They asked for more help from a family help worker. The help is planned with your family.",
    4: "They asked for a social worker to look at what your child needs.",
}
STRENGTHS = "First, these are the good things {referrer} wrote about your family."
WORRIES = "These are the worries, in the words {referrer} used."
WORRY_PARTS = {
    "worries": "What they are worried about",
    "impact": "How this affects your child",
    "work_done": "What has been tried",
    "work_done_effect": "What changed after that",
}
OWN_WORDS = "{referrer} also wrote down what you said."
CHILD_WORDS = "What your child said"
PARENT_WORDS = "What you said"
NEXT_SENT = (
    "The hub will read the request. "
    "They will decide what help fits your family best. "
    "This is most often done in one working day. "
    "{referrer} will tell you what they decide."
)
OUTCOME = "This is what the hub told {referrer}."
CONTACT = "If you have a question, talk to {referrer} at {agency}."
HUB_PHONE = "You can also call the {area} hub on {phone}."
DANGER = "If a child is in danger, call 999."
# Shown instead of the copy when the consent rules withhold it (family/rules.py).
NOT_TOLD = (
    "You cannot make a family copy of this request. You told the hub that the family was not told, "
    "because telling them could put the child or someone else at risk. Talk to the hub before you tell the family."
)
CHILD_PROTECTION = (
    "You cannot make a family copy of this request yet. The hub is deciding, with the police and others, "
    "whether a child protection enquiry is needed. They decide what the family is told and when, so that "
    "the child is kept safe. You can make a copy once that is done."
)
ALLEGATION = (
    "You cannot make a family copy of this request. It is about an allegation against someone who works with "
    "children. The LADO decides what the family is told and when, so that an enquiry is not put at risk."
)
STAGE_TITLE = {Stage.SENT: "When the request was sent", Stage.OUTCOME: "With the outcome"}


def fixed_text() -> str:
    """The fixed sentences a family reads in a copy, with sample names in the placeholders.
    (NOT_TOLD, ALLEGATION and CHILD_PROTECTION are for the referrer, who never gives them to the family.)"""
    sample = {
        "referrer": "Rita Patel",
        "agency": "Ribble Primary School",
        "area": "Lancashire",
        "children": "Ava Smith",
        "date": "2 March 2026",
        "phone": "0300 123 6720",
    }
    # Headings and labels are left out: each would count as a short sentence and flatter the figure.
    parts = [
        WHY,
        ASKED,
        *LEVEL.values(),
        STRENGTHS,
        WORRIES,
        OWN_WORDS,
        NEXT_SENT,
        OUTCOME,
        CONTACT,
        HUB_PHONE,
        DANGER,
    ]
    return " ".join(part.format(**sample) for part in parts)
