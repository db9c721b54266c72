"""Write the jason token fixtures that runtime/interop_test.go parses.

jason, the Python Flask framework that tokengen replaces, issued HS256
tokens with PyJWT: claims uid, scp (a list of scope names), nbf and exp
(both time.time() based, so fractional seconds), iss and aud, and no iat.
Each fixture here is such a token with fixed timestamps, plus the key, the
time to parse it at and the expected result, so the Go test needs no Python
and the fixtures never expire.

The fixtures were written by running, from the repository root:

    /usr/bin/python3 runtime/testdata/jason/make_fixtures.py

with Debian 12's python3-jwt 2.6.0 (PyJWT). HMAC-SHA256 is deterministic,
so running it again writes the same files.
"""

import json
import os

import jwt

HERE = os.path.dirname(os.path.abspath(__file__))

# The HMAC secret of the jason deployment, and one it did not use.
KEY = "jason-fixture-secret-0123456789abcdef"
OTHER_KEY = "another-jason-secret-0123456789abcdef"

ISSUER = "https://auth.example.test"
AUDIENCE = "orders-api"
LIFESPAN = 900  # seconds

# The time.time() of the issue, with a fraction as jason had one.
ISSUED = 1767366000.123456  # 2026-01-02T15:00:00.123456Z


def claims(scp, issued=ISSUED):
    """Return the claims jason wrote, in the order it wrote them."""
    return {
        "uid": "user-42",
        "scp": scp,
        "nbf": issued,
        "exp": issued + LIFESPAN,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }


def fixture(name, description, payload, now, key=KEY, want_error=None):
    """Sign payload with key and write the fixture NAME.json.

    now is the time.time() to parse the token at, and want_error the name
    of the jwt/v5 sentinel that Parse must return, or None.
    """
    token = jwt.encode(payload, key, algorithm="HS256")
    check_with_pyjwt(token, payload, key == KEY)
    data = {
        "description": description,
        "made_with": "PyJWT " + jwt.__version__,
        "token": token,
        "key": KEY,
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "now": now,
        "claims": payload,
        "want_error": want_error,
    }
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def check_with_pyjwt(token, payload, signed_with_key):
    """Decode token as a jason handler did, except for the times, which
    PyJWT 2.6 can check only against the real clock."""
    options = {
        "require": ["exp", "nbf", "aud", "iss"],
        "verify_exp": False,
        "verify_nbf": False,
    }
    try:
        got = jwt.decode(
            token, KEY, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER, options=options
        )
    except jwt.InvalidSignatureError:
        assert not signed_with_key, "PyJWT rejects the signature of " + token
        return
    assert signed_with_key, "PyJWT accepts a token signed with another key"
    assert got == payload, (got, payload)


def main():
    during = ISSUED + 60
    after = ISSUED + LIFESPAN + 60
    fixture(
        "valid",
        "a token parsed a minute after it was issued",
        claims(["read:orders", "write:orders"]),
        during,
    )
    fixture(
        "expired",
        "a token parsed a minute after it expired",
        claims(["read:orders"]),
        after,
        want_error="ErrTokenExpired",
    )
    fixture(
        "unknown_scope",
        "a token with a scope the schema does not declare, which is left out",
        claims(["read:orders", "delete:everything"]),
        during,
    )
    fixture(
        "scope_string",
        "a token whose scp is one space-separated string, as OAuth 2.0 writes scope",
        claims("read:orders write:orders"),
        during,
    )
    fixture(
        "other_key",
        "a token signed with a key the handler does not have",
        claims(["read:orders"]),
        during,
        key=OTHER_KEY,
        want_error="ErrTokenSignatureInvalid",
    )


if __name__ == "__main__":
    main()
