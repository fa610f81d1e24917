"""Synthetic portrait photos for demo cards: no real face, just a drawn silhouette."""

from __future__ import annotations

import functools
import hashlib
import io
import random


@functools.cache
def demo_portrait(seed: str, image_format: str = "JPEG2000", max_bytes: int = 12000) -> bytes:
    """A small portrait (JPEG 2000 or JPEG) drawn from ``seed``, at most ``max_bytes`` long."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(seed.encode()).digest()
    background = (200 + digest[0] % 50, 210 + digest[1] % 40, 220 + digest[2] % 30)
    clothes = (digest[3] % 128, digest[4] % 128, 64 + digest[5] % 128)
    image = Image.new("RGB", (120, 150), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((35, 20, 85, 80), fill=(224, 172, 105))
    draw.rectangle((20, 95, 100, 150), fill=clothes)
    # Grain, so the image weighs what a real card photo weighs (about 10 KB).
    noise = random.Random(digest).randbytes(120 * 150)  # noqa: S311 - reproducible pixels
    grain = Image.frombytes("L", (120, 150), noise).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    for quality in (4, 8, 16, 32, 64):
        buffer = io.BytesIO()
        if image_format == "JPEG2000":
            image.save(buffer, "JPEG2000", irreversible=True, quality_mode="rates", quality_layers=[quality])
        else:
            image.save(buffer, "JPEG", quality=max(95 - quality, 10))
        data = buffer.getvalue()
        if len(data) <= max_bytes:
            return data
    raise ValueError("demo portrait does not fit")
