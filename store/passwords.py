"""Password hashing and rules: Argon2id through argon2-cffi (a maintained library), with the
scrypt hashes of earlier releases still accepted and replaced at the next login."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# what the console's documentation prints: never acceptable outside the demo
KNOWN_PASSWORDS = frozenset({"juanping2026", "password", "12345678", "123456789", "admin123", "88888888"})


class WeakPassword(ValueError):
    """A new password that the rules refuse; the message says which rule, in Chinese."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _verify_scrypt(password: str, stored: str) -> bool:
    """Hashes written before argon2: ``scrypt$n$r$p$salt$digest``."""
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return False
        dk = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                            dklen=len(digest) // 2)
        return hmac.compare_digest(dk.hex(), digest)
    except (ValueError, TypeError):
        return False


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for legacy scrypt hashes and argon2 hashes with outdated parameters."""
    if stored.startswith("scrypt$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def check_new_password(password: str, username: str = "", *, demo: bool = False) -> None:
    """Raise WeakPassword unless ``password`` is long enough, mixes letters and digits, is not the
    user name and is not a password printed in documentation (the demo's own excepted)."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"密码至少 {MIN_LENGTH} 位")
    if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
        raise WeakPassword("密码须同时包含字母和数字")
    if username and username.lower() in password.lower():
        raise WeakPassword("密码不能包含用户名")
    if password.lower() in KNOWN_PASSWORDS and not demo:
        raise WeakPassword("该密码已公开（见于文档或常见弱密码），请另设")


def temporary_password() -> str:
    """A random one-time password handed to a new user (must be changed at first login)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw
