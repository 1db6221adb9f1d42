"""Passwords, codes and CSRF tokens: the rules a person meets when choosing a password."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from magcoach.accounts import security
from magcoach.errors import InvalidInput


def test_a_password_hash_verifies_only_the_same_password() -> None:
    stored = security.hash_password("purple tortoise umbrella")
    assert stored.startswith("$argon2id$")
    assert "purple" not in stored
    assert security.verify_password(stored, "purple tortoise umbrella") == (True, None)
    assert security.verify_password(stored, "purple tortoise umbrellA") == (False, None)
    assert security.verify_password("not a hash", "x") == (False, None)


def test_a_hash_made_with_old_parameters_is_replaced_on_the_next_check() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    previous = security.set_hasher(old)
    try:
        stored = security.hash_password("purple tortoise umbrella")
        security.set_hasher(stronger)
        ok, new_hash = security.verify_password(stored, "purple tortoise umbrella")
        assert ok and new_hash is not None
        assert "m=16,t=2,p=1" in new_hash and "m=8,t=1,p=1" in stored
        assert security.verify_password(new_hash, "purple tortoise umbrella") == (True, None)
    finally:
        security.set_hasher(previous)


def test_the_default_hasher_is_argon2id_with_the_recommended_memory() -> None:
    assert PasswordHasher().memory_cost >= 65536  # what production uses (64 MiB)


@pytest.mark.parametrize("password", ["password1", "PassWord1", "iloveyou2", "qwertyuiop"])
def test_common_passwords_are_refused_whatever_their_case(password: str) -> None:
    with pytest.raises(InvalidInput, match="most common passwords") as caught:
        security.check_new_password(password)
    assert caught.value.field == "password"


def test_the_shipped_list_is_long_and_only_holds_passwords_the_length_rule_allows() -> None:
    common = security.common_passwords()
    assert len(common) > 8000
    assert "password" in common and "12345678" in common
    assert "123456" not in common  # shorter ones are the length rule's job
    assert all(len(p) >= 8 for p in common if p.isascii())


def test_length_and_email_rules_but_no_composition_rules() -> None:
    with pytest.raises(InvalidInput, match="at least 8"):
        security.check_new_password("short")
    with pytest.raises(InvalidInput, match="email"):
        security.check_new_password("ana.lopez@example.org", email="Ana.Lopez@example.org")
    with pytest.raises(InvalidInput, match="at most"):
        security.check_new_password("x" * 2000)
    security.check_new_password("all lower case words")  # no digits or symbols demanded
    security.check_new_password("zzqvbnmplk")


def test_invitation_codes_are_random_readable_and_forgiving_to_type() -> None:
    codes = {security.new_invitation_code() for _ in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert len(code) == 19 and code.count("-") == 3
    assert not set(code.replace("-", "")) & set("01OIL")
    assert security.normalise_code(code.lower().replace("-", " ")) == code


def test_session_tokens_are_stored_as_digests() -> None:
    token = security.new_session_token()
    assert len(token) >= 40
    assert security.digest(token) != token and len(security.digest(token)) == 64


def test_csrf_tokens_belong_to_one_session_and_one_secret() -> None:
    token = security.new_session_token()
    good = security.csrf_token("k" * 40, token)
    assert security.csrf_ok("k" * 40, token, good)
    assert not security.csrf_ok("k" * 40, security.new_session_token(), good)
    assert not security.csrf_ok("j" * 40, token, good)
    assert not security.csrf_ok("k" * 40, token, None)


def test_scopes() -> None:
    assert security.scope_allows("summary", "summary")
    assert not security.scope_allows("summary", "diary")
    assert security.scope_allows("diary", "summary") and security.scope_allows("diary", "diary")
    assert not security.scope_allows("diary", "write")
    with pytest.raises(InvalidInput) as caught:
        security.check_scope("everything")
    assert caught.value.field == "scope"


def test_the_session_cookie_is_httponly_lax_and_host_prefixed_over_https() -> None:
    name, attributes = security.session_cookie(https=True)
    assert name.startswith("__Host-")
    assert attributes["httponly"] is True and attributes["samesite"] == "lax"
    assert attributes["secure"] is True and attributes["path"] == "/"
    plain_name, plain = security.session_cookie(https=False)
    assert not plain_name.startswith("__Host-") and plain["secure"] is False
