"""Staff's TOTP keys as people type them, and the current code (``loket totp``, the demo)."""

from __future__ import annotations

from base64 import b32encode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def grouped_key(device: TOTPDevice) -> str:
    """The key in base32 in groups of four, as authenticator apps ask for it."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
