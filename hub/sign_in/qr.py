"""The enrolment QR code as an SVG data URI: an <img> needs no script and no inline style, so it
passes a strict Content-Security-Policy (img-src data:)."""

import base64

import qrcode
import qrcode.image.svg


def qr_code_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_for_typing(key: bytes) -> str:
    """The key in base32, in groups of four, for an app that cannot scan the code."""
    secret = base64.b32encode(key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
