"""Consent's own answer sets. The yes/no answers of the four consent questions
come from lib.answers; what an area's consent policy may say is in hub.area_policy."""

from django.db import models


class ParentalConsent(models.TextChoices):
    GIVEN = "given", "Yes, they have given consent"
    REFUSED = "refused", "No, they refused"
    NOT_SOUGHT = "not_sought", "No, I have not asked them"


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", "Signed a consent form"
    IN_PERSON = "in_person", "Told me in person"
    PHONE = "phone", "Told me on the phone"
    EMAIL = "email", "In an email or letter"


class LawfulBasis(models.TextChoices):
    """UK GDPR article 6 bases a practitioner may rely on to share without consent."""

    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
    PUBLIC_TASK = "public_task", "Public task"
    VITAL_INTERESTS = "vital_interests", "Vital interests"
    OTHER = "other", "Other (explain in your rationale)"


class ChildConsent(models.TextChoices):
    GIVEN = "given", "Yes, the child or young person consents"
    REFUSED = "refused", "No, they do not consent"
    NOT_COMPETENT = "not_competent", "They do not have the understanding to decide"
    NOT_ASKED = "not_asked", "I have not asked them"
