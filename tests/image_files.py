"""Images made for the tests (photos, logos, forged PNG headers, phone photos full of
metadata), and storing one on an entry as the admin form would."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from directory.images.processing import validate_and_clean_image
from directory.models import Initiative

STORED_NAME = re.compile(r"initiatives/[0-9a-f]{32}-(?P<width>\d+)x(?P<height>\d+)\.(?P<ext>\w+)")
GPS_IFD = 0x8825


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def photo(size: tuple[int, int] = (1600, 1200), image_format: str = "JPEG", **options) -> bytes:
    """A picture with some detail (a gradient), so that resizing is visible."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    return encode(image, image_format, **options)


def photo_with_metadata() -> bytes:
    """A phone photo: EXIF with the camera, a GPS position and "rotate 90°", an XMP packet,
    a comment and an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = "TelephoneMouchard"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
        b'02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        b'xmp:CreatorTool="XmpMouchard"/></rdf:RDF></x:xmpmeta>'
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return photo(
        (1600, 1200), exif=exif.tobytes(), xmp=xmp, comment=b"CommentaireMouchard", icc_profile=icc
    )


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims ``width`` × ``height`` pixels (1-bit grey)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def attach_image(initiative: Initiative, data: bytes, alt: str = "Logo de l'association") -> None:
    """Store an image as a form would: cleaned, then saved (which writes the renditions)."""
    clean = validate_and_clean_image(upload(data))
    initiative.image_alt = alt
    initiative.image.save(clean.name, clean)


def open_stored(name: str) -> Image.Image:
    return Image.open(Path(settings.MEDIA_ROOT) / name)
