"""Private keys held by an emulated card, and how each signs a hash for the PSO command."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

# MSE SET algorithm bytes -> hash, per profile family (cards.md §1.9 and §2.7). None: the card
# hashes nothing and pads what it is given (a DigestInfo) with PKCS#1 v1.5, as OpenSC asks.
Algorithms = dict[int, hashes.HashAlgorithm | None]
PT_RSA_ALGORITHMS: Algorithms = {
    0x02: None,  # GemSafe "free form": the DigestInfo comes in the PSO HASH
    0x12: hashes.SHA1(),  # noqa: S303 - old cards offer it; the kiosk asks SHA-256
    0x42: hashes.SHA256(),
    0x52: hashes.SHA384(),
    0x62: hashes.SHA512(),
}
PT_EC_ALGORITHMS: Algorithms = {
    0x14: hashes.SHA1(),  # noqa: S303 - old cards offer it; the kiosk asks SHA-256
    0x44: hashes.SHA256(),
    0x54: hashes.SHA384(),
    0x64: hashes.SHA512(),
}
BE_RSA_ALGORITHMS: Algorithms = {
    0x01: None,  # "RSA PKCS#1": the DigestInfo comes in the PSO COMPUTE DIGITAL SIGNATURE
    0x02: hashes.SHA1(),  # noqa: S303 - old cards offer it; the kiosk asks SHA-256
    0x08: hashes.SHA256(),
}
BE_EC_ALGORITHMS: Algorithms = {
    0x01: hashes.SHA256(),
    0x02: hashes.SHA384(),
    0x04: hashes.SHA512(),
}


@dataclass(frozen=True)
class CardKey:
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    pin_reference: int
    algorithms: Algorithms

    def sign(self, algorithm: int, message_hash: bytes) -> bytes | None:
        """Sign a precomputed hash; None when the algorithm or hash length does not fit."""
        if algorithm not in self.algorithms:
            return None
        chosen = self.algorithms[algorithm]
        if chosen is None:
            return self._pad_and_sign(message_hash)
        if len(message_hash) != chosen.digest_size:
            return None
        prehashed = utils.Prehashed(chosen)
        if isinstance(self.private_key, rsa.RSAPrivateKey):
            return self.private_key.sign(message_hash, padding.PKCS1v15(), prehashed)
        der = self.private_key.sign(message_hash, ec.ECDSA(prehashed))
        r, s = utils.decode_dss_signature(der)
        size = (self.private_key.curve.key_size + 7) // 8
        # Cards answer ECDSA signatures as raw r || s, not DER.
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    def _pad_and_sign(self, data: bytes) -> bytes | None:
        """RSA over EMSA-PKCS1-v1_5 of ``data`` as given (RFC 8017 9.2 steps 4-5): the card's
        own padding of a caller-built DigestInfo. None when it does not fit the key."""
        if not isinstance(self.private_key, rsa.RSAPrivateKey):
            return None
        size = (self.private_key.key_size + 7) // 8
        if len(data) > size - 11:
            return None
        encoded = b"\x00\x01" + b"\xff" * (size - 3 - len(data)) + b"\x00" + data
        numbers = self.private_key.private_numbers()
        signature = pow(int.from_bytes(encoded, "big"), numbers.d, numbers.public_numbers.n)
        return signature.to_bytes(size, "big")
