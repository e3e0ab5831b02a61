"""The consent wording a referrer sees. Each change gets a new key; the key and
the exact text are stored with every consent record (the referrer saw *this*)."""

CURRENT_KEY = "rfs-consent-2026-11-v1"

CURRENT_TEXT = """\
Before you ask for support, talk to the family. They should know what you are
worried about, what you will share, with whom and why.

1. Does the person with parental responsibility know about this request?
2. If the request includes information about someone else (a third party), do they know?
3. Does the child or young person know?
4. Does your line manager or safeguarding lead know?

Parents and carers must give explicit consent to a request for support and to
sharing their information, unless the child is suffering, or is likely to
suffer, significant harm. If you share without consent, record why, the lawful
basis you rely on, and your rationale. Consent lasts for this episode of
support, or until it is withdrawn.
"""
