"""Checking an uploaded photo before it is stored: a real image, not too large, no location.

Pillow reads only the header first, so a file that claims a huge size (a decompression
bomb) is refused before any pixel is decoded. A photo that passes is re-encoded: that
drops its EXIF (a phone's GPS position among it) after turning it upright.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
# A 40-megapixel camera is the largest the newsroom uses; anything beyond is refused.
MAX_PIXELS = 40_000_000
MIN_SIDE = 32
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def clean_photo(upload) -> ContentFile:
    """Return a stripped copy of an uploaded photo, or raise ValidationError saying why not."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("图片文件过大（%(size).1f MB），上限为 %(limit)d MB。")
            % {"size": upload.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                _check_header(image)
                image.load()
                fmt = image.format
                upright = ImageOps.exif_transpose(image)  # a copy: it has no format
                return _reencode(upright, fmt, upload.name)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("图片像素过多，疑似“解压炸弹”，已拒绝。")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("上传的文件不是可识别的图片，或图片已损坏。")) from None


def _check_header(image: Image.Image) -> None:
    if image.format not in FORMATS:
        raise ValidationError(
            _("不支持的图片格式 %(format)s，请上传 JPEG、PNG、WebP 或 GIF。")
            % {"format": image.format or "?"}
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("图片像素过多（%(width)d×%(height)d），疑似“解压炸弹”，已拒绝。")
            % {"width": width, "height": height}
        )
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("图片太小（%(width)d×%(height)d），至少需要 %(min)d 像素。")
            % {"width": width, "height": height, "min": MIN_SIDE}
        )


def _reencode(image: Image.Image, fmt: str, name: str) -> ContentFile:
    """Save again without metadata, in the original format."""
    buffer = BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=90, optimize=True)
    else:
        image.save(buffer, fmt)
    stem = PurePath(name or "photo").stem or "photo"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{FORMATS[fmt]}")
