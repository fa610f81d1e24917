"""Private keys held by an emulated card, and how each signs a hash for the PSO command."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

# MSE SET algorithm bytes -> hash, per profile family (cards.md §1.9 and §2.7).
PT_RSA_ALGORITHMS: dict[int, hashes.HashAlgorithm] = {
    0x12: hashes.SHA1(),  # noqa: S303 - old cards offer it; the kiosk asks SHA-256
    0x42: hashes.SHA256(),
    0x52: hashes.SHA384(),
    0x62: hashes.SHA512(),
}
PT_EC_ALGORITHMS: dict[int, hashes.HashAlgorithm] = {
    0x14: hashes.SHA1(),  # noqa: S303 - old cards offer it; the kiosk asks SHA-256
    0x44: hashes.SHA256(),
    0x54: hashes.SHA384(),
    0x64: hashes.SHA512(),
}
BE_RSA_ALGORITHMS: dict[int, hashes.HashAlgorithm] = {
    0x02: hashes.SHA1(),  # noqa: S303 - old cards offer it; the kiosk asks SHA-256
    0x08: hashes.SHA256(),
}
BE_EC_ALGORITHMS: dict[int, hashes.HashAlgorithm] = {
    0x01: hashes.SHA256(),
    0x02: hashes.SHA384(),
    0x04: hashes.SHA512(),
}


@dataclass(frozen=True)
class CardKey:
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    pin_reference: int
    algorithms: dict[int, hashes.HashAlgorithm]

    def sign(self, algorithm: int, message_hash: bytes) -> bytes | None:
        """Sign a precomputed hash; None when the algorithm or hash length does not fit."""
        chosen = self.algorithms.get(algorithm)
        if chosen is None or len(message_hash) != chosen.digest_size:
            return None
        prehashed = utils.Prehashed(chosen)
        if isinstance(self.private_key, rsa.RSAPrivateKey):
            return self.private_key.sign(message_hash, padding.PKCS1v15(), prehashed)
        der = self.private_key.sign(message_hash, ec.ECDSA(prehashed))
        r, s = utils.decode_dss_signature(der)
        size = (self.private_key.curve.key_size + 7) // 8
        # Cards answer ECDSA signatures as raw r || s, not DER.
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
