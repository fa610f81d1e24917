"""What card-chain validation costs per citizen login, against the signature check every login makes anyway.

A demo card (the card emulator's demo CA: card, card CA, root) signs a challenge; the portal's checks are
timed in one process: the baseline is `verify_signature` (one signature verification, the least a login can
cost), then `verify_chain` (RFC 5280 path validation by pyhanko-certvalidator) without and with current CRLs
of both CAs.
Prints a table and one final JSON line.

    .venv/bin/python bench/card_chain.py [--logins 300]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def crl(
    issuer: x509.Certificate, key: ec.EllipticCurvePrivateKey, now: dt.datetime
) -> x509.CertificateRevocationList:
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=7))
        .sign(key, hashes.SHA256())
    )


def per_call_ms(action: Callable[[], object], count: int) -> float:
    """Median of 5 rounds of `count` calls, in ms per call."""
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(count):
            action()
        rounds.append((time.perf_counter() - start) / count * 1000)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=300, help="validations per round (5 rounds)")
    args = parser.parse_args()
    os.environ.setdefault("KIOSK_DEMO_CA_DIR", tempfile.mkdtemp(prefix="bench-demo-ca-"))

    from kiosk.card.emulator.citizens import find_citizen
    from kiosk.card.emulator.democa import authority, card_credentials
    from portal.cardauth import TrustStore, verify_chain, verify_signature

    demo = authority()
    credentials = card_credentials(find_citizen("maria"), "pt-cc1")
    card = x509.load_der_x509_certificate(credentials.auth_certificate)
    card_ca = x509.load_der_x509_certificate(demo.sub_ca_certificate)
    root = x509.load_der_x509_certificate(demo.root_certificate)
    now = dt.datetime.now(dt.UTC)
    key = credentials.auth_key
    challenge = os.urandom(32)
    if isinstance(key, rsa.RSAPrivateKey):
        signature, algorithm = key.sign(challenge, padding.PKCS1v15(), hashes.SHA256()), "rsa-pkcs1v15-sha256"
    else:
        signature, algorithm = key.sign(challenge, ec.ECDSA(hashes.SHA256())), "ecdsa-sha256"
    plain = TrustStore([root], [], [])
    assert isinstance(demo.root_key, ec.EllipticCurvePrivateKey)
    assert isinstance(demo.sub_ca_key, ec.EllipticCurvePrivateKey)
    with_crls = TrustStore([root], [], [crl(root, demo.root_key, now), crl(card_ca, demo.sub_ca_key, now)])
    loop = asyncio.new_event_loop()

    def chain(store: TrustStore) -> Callable[[], object]:
        return lambda: loop.run_until_complete(verify_chain([card, card_ca], store, now))

    baseline = per_call_ms(lambda: verify_signature(card, challenge, signature, algorithm), args.logins)
    no_crls = per_call_ms(chain(plain), args.logins)
    crls = per_call_ms(chain(with_crls), args.logins)
    loop.close()
    load = os.getloadavg()[0]
    print(f"{'check':<44} {'ms per login':>12} {'x baseline':>10}")
    for label, value in (
        (f"baseline: card signature ({algorithm})", baseline),
        ("chain validation, no CRLs", no_crls),
        ("chain validation, current CRLs of both CAs", crls),
    ):
        print(f"{label:<44} {value:>12.3f} {value / baseline:>10.1f}")
    print(f"load average (1 min) during the run: {load:.2f}")
    print(
        json.dumps(
            {
                "baseline_ms": round(baseline, 3),
                "chain_ms": round(no_crls, 3),
                "chain_with_crls_ms": round(crls, 3),
                "ratio": round(no_crls / baseline, 1),
                "ratio_with_crls": round(crls / baseline, 1),
                "load_average": round(load, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
