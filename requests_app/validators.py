import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def postcode_clean(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        return ""
    if not POSTCODE.match(compact):
        raise ValidationError("Enter a real postcode, like LA1 1AA")
    return f"{compact[:-3]} {compact[-3:]}"


def nhs_number_clean(value: str) -> str:
    """NHS numbers are 10 digits, the last a modulus 11 check digit."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError("Enter an NHS number with 10 digits, like 943 476 5919")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise ValidationError("Enter a valid NHS number: check the digits are in the right order")
    return digits


PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def attachment_clean(upload) -> str:
    """Accept PDF and Word (DOCX) files under the size limit; return the content type.
    The type is judged by the file's own bytes, not the name a browser sends."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {limit // (1024 * 1024)}MB")
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if name.endswith(".pdf") and head.startswith(PDF_MAGIC):
        return "application/pdf"
    if name.endswith(".docx") and head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise ValidationError("The selected file must be a PDF or a Word document (.docx)")
