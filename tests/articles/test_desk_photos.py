"""Uploaded photos: real images only, no bombs, no GPS position left in them."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.photos import clean_photo

GPS_IFD = 0x8825


def jpeg_with_gps(size=(120, 80)):
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 49.0, 0.0), 3: "E", 4: (111.0, 40.0, 0.0)})
    exif[0x0112] = 6  # Orientation: the phone was held upright
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_a_photo_loses_its_exif_and_stands_upright():
    data = jpeg_with_gps()
    assert Image.open(BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the fixture really has GPS

    cleaned = clean_photo(upload(data))

    with Image.open(BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(GPS_IFD)
        assert not image.getexif()
        assert image.size == (80, 120)  # turned by its orientation before the tag was dropped
    assert cleaned.name == "photo.jpg"


def test_a_png_stays_a_png():
    buffer = BytesIO()
    Image.new("RGBA", (64, 64), (0, 0, 255, 128)).save(buffer, "PNG")
    cleaned = clean_photo(upload(buffer.getvalue(), "图.png"))
    assert cleaned.name == "图.png"
    assert Image.open(BytesIO(cleaned.read())).mode == "RGBA"


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError, match="不是可识别的图片"):
        clean_photo(upload("本报讯 这不是图片。".encode(), "fake.jpg"))


def test_a_truncated_jpeg_is_refused():
    with pytest.raises(ValidationError, match="不是可识别的图片|已损坏"):
        clean_photo(upload(jpeg_with_gps((400, 400))[:300]))


def test_a_decompression_bomb_is_refused_before_decoding():
    # A 1-bit PNG of 10000×10000 pixels is a few kilobytes on disk and 100 megapixels open.
    buffer = BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000

    with pytest.raises(ValidationError, match="解压炸弹"):
        clean_photo(upload(buffer.getvalue(), "bomb.png"))


def test_an_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr("articles.photos.MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="过大"):
        clean_photo(upload(jpeg_with_gps((300, 300))))


def test_an_unsupported_format_is_refused():
    buffer = BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, "BMP")
    with pytest.raises(ValidationError, match="不支持的图片格式"):
        clean_photo(upload(buffer.getvalue(), "a.bmp"))
