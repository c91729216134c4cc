"""Smaller copies of a caption's photo for `srcset`, made once with Pillow when it is saved."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

WIDTHS = (480, 960)


def rendition_name(name: str, width: int) -> str:
    """photos/2024/09/a.png → renditions/photos/2024/09/a-480w.jpg"""
    path = PurePosixPath(name)
    return str(PurePosixPath("renditions") / path.parent / f"{path.stem}-{width}w.jpg")


def make_renditions(image) -> list[str]:
    """Write a JPEG rendition for each width smaller than the original; return their names.

    An unreadable file makes none: the page then shows the original alone.
    """
    storage = image.storage
    try:
        with image.open("rb") as handle, Image.open(handle) as original:
            original.load()
            made = []
            for width in WIDTHS:
                if width >= original.width:
                    continue
                height = round(original.height * width / original.width)
                copy = original.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
                buffer = BytesIO()
                copy.save(buffer, "JPEG", quality=82, optimize=True)
                name = rendition_name(image.name, width)
                if storage.exists(name):
                    storage.delete(name)
                made.append(storage.save(name, ContentFile(buffer.getvalue())))
            return made
    except (OSError, UnidentifiedImageError, ValueError):
        return []


def existing_renditions(image) -> list[tuple[str, int]]:
    """(url, width) of the renditions already made for this image, smallest first."""
    storage = image.storage
    found = []
    for width in WIDTHS:
        name = rendition_name(image.name, width)
        if storage.exists(name):
            found.append((storage.url(name), width))
    return found
