"""The card holder's photo drawn with half-block characters: two image pixels per terminal cell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from kiosk.card.identity import Photo

UPPER_HALF = "▀"  # foreground paints the upper pixel, background the lower one
Pixel = tuple[int, int, int]


class PhotoView(Widget):
    """Shows a card photo (JPEG 2000 or JPEG) scaled to fit the widget, keeping its proportions.

    Decoding is blocking (OpenJPEG), so it runs in a thread worker; until it ends, or when there is no photo,
    the widget shows ``placeholder`` (a plain text the screen sets in its language).
    Each cell is ``▀`` with the upper pixel as foreground and the lower as background, so a cell is two
    pixels tall; a terminal cell being about twice as tall as wide, the pixels come out roughly square.
    """

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._placeholder = placeholder
        self._image: Any = None  # PIL.Image.Image in RGB, or None
        self._rows: list[list[Pixel]] = []  # the image scaled to the current size, two rows per line
        self._rows_size: tuple[int, int] = (0, 0)

    @property
    def has_image(self) -> bool:
        return self._image is not None

    @property
    def placeholder(self) -> str:
        return self._placeholder

    @placeholder.setter
    def placeholder(self, text: str) -> None:
        self._placeholder = text
        self.refresh()

    def show(self, photo: Photo | None) -> None:
        """Show ``photo``, decoded in a thread; None shows the placeholder."""
        self._set_image(None)
        if photo is not None:
            self._decode(photo)

    def clear(self) -> None:
        """Forget the photo (a new person must never see the previous one)."""
        self.workers.cancel_group(self, "photo")
        self._set_image(None)

    @work(thread=True, exclusive=True, group="photo", exit_on_error=False)
    def _decode(self, photo: Photo) -> None:
        image = photo.decode().convert("RGB")
        self.app.call_from_thread(self._set_image, image)

    def _set_image(self, image: Any) -> None:
        self._image = image
        self._rows = []
        self._rows_size = (0, 0)
        self.refresh()

    def _scaled_rows(self, width: int, height: int) -> list[list[Pixel]]:
        """The image's pixels scaled to fit ``width`` cells by ``height`` lines (two pixel rows per line)."""
        if self._rows_size != (width, height):
            from PIL import Image

            image_width, image_height = self._image.size
            scale = min(width / image_width, 2 * height / image_height)
            size = (max(1, round(image_width * scale)), max(2, round(image_height * scale)))
            scaled = self._image.resize(size, Image.Resampling.LANCZOS)
            data = scaled.tobytes()  # RGB, three bytes a pixel, row after row
            stride = size[0] * 3
            self._rows = [
                [(data[i], data[i + 1], data[i + 2]) for i in range(row * stride, (row + 1) * stride, 3)]
                for row in range(size[1])
            ]
            self._rows_size = (width, height)
        return self._rows

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return Strip.blank(width)
        if self._image is None:
            return self._placeholder_line(y, width, height)
        rows = self._scaled_rows(width, height)
        lines = (len(rows) + 1) // 2
        top = (height - lines) // 2  # centred vertically and horizontally
        line = y - top
        if not 0 <= line < lines:
            return Strip.blank(width, self.rich_style)
        upper = rows[2 * line]
        lower = rows[2 * line + 1] if 2 * line + 1 < len(rows) else None
        left = (width - len(upper)) // 2
        segments = [Segment(" " * left, self.rich_style)] if left else []
        for x, pixel in enumerate(upper):
            below = lower[x] if lower is not None else None
            segments.append(Segment(UPPER_HALF, _style(pixel, below)))
        return Strip(segments).extend_cell_length(width, self.rich_style)

    def _placeholder_line(self, y: int, width: int, height: int) -> Strip:
        """The placeholder's words, centred, one word per line if it has to."""
        words = self._placeholder.split()
        lines: list[str] = []
        for word in words:
            if lines and len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += f" {word}"
            else:
                lines.append(word[:width])
        top = (height - len(lines)) // 2
        if not 0 <= y - top < len(lines):
            return Strip.blank(width, self.rich_style)
        return Strip([Segment(lines[y - top].center(width), self.rich_style)], width)


def _style(upper: Pixel, lower: Pixel | None) -> Style:
    return Style.from_color(
        color=_color(upper),
        bgcolor=_color(lower) if lower is not None else None,
    )


def _color(pixel: Pixel) -> Color:
    return Color.from_rgb(*pixel)
