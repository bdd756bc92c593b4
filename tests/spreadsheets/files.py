"""Spreadsheet files and the admin's import and export steps, as the curators use them."""

from __future__ import annotations

import csv
import io
import zipfile

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.curation.imports import COLUMNS
from directory.models import Initiative, Location

IMPORT = reverse("admin:directory_initiative_import")
PROCESS_IMPORT = reverse("admin:directory_initiative_process_import")
EXPORT = reverse("admin:directory_initiative_export")
HEADERS = list(COLUMNS.values())
CSV_FORMAT, XLSX_FORMAT = 0, 1


def row(**values) -> dict:
    """A good row: a new AMAP in Montreuil. Keyword arguments use the column names with
    underscores for spaces (``annee_de_creation``)."""
    data = {
        "nom": "AMAP du Bas Montreuil",
        "autres noms": "",
        "slug": "amap-du-bas-montreuil",
        "résumé": "Des paniers de légumes livrés chaque semaine.",
        "description": "Créée par des habitants.",
        "catégories": "amap|Jardin maraîcher d'insertion",
        "forme juridique": "Association loi 1901",
        "année de création": "2008",
        "portée": "commune",
        "principes": "collective, Partager plutôt que breveter",
        "site web": "https://amap.example.org",
        "courriel": "contact@amap.example.org",
        "téléphone": "+33 1 48 00 00 00",
        "SIRET": "73282932000074",
        "RNA": "W931234567",
        "commune": "93048",
        "statut": "",
    }
    data.update({key.replace("_", " "): value for key, value in values.items()})
    return data


def csv_file(*rows: dict, delimiter: str = ",") -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=HEADERS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode()


def xlsx_file(*rows: dict) -> bytes:
    dataset = tablib.Dataset(headers=HEADERS)
    for values in rows:
        dataset.append([values.get(header, "") for header in HEADERS])
    return dataset.export("xlsx")


# A "billion laughs": ten entities, each ten times the one before; the last one stands for
# 10⁹ "lol"s (3 GB) if a parser expands it.
BILLION_LAUGHS_DTD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">\n' for level in range(1, 10))
    + "]>\n"
)


def billion_laughs_xlsx(*rows: dict) -> bytes:
    """A workbook whose sheet declares the billion laughs and uses it in a row's name."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_file(*rows)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                sheet = content.decode()
                name_cell = f"<t>{rows[0]['nom']}</t>"
                assert name_cell in sheet
                content = (BILLION_LAUGHS_DTD + sheet.replace(name_cell, "<t>&lol9;</t>")).encode()
            bomb.writestr(name, content)
    return output.getvalue()


def preview(client, content: bytes, file_format: int = CSV_FORMAT, name: str = "lot.csv"):
    """The import's first step: upload, dry run, preview."""
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"resource": "0", "format": file_format, "import_file": upload})


def confirm(client, preview_response):
    """The import's second step: the curator confirms the preview."""
    form = preview_response.context["confirm_form"]
    return client.post(PROCESS_IMPORT, {name: form.initial[name] for name in form.fields})


def database_state() -> list:
    return [
        list(Initiative.objects.order_by("pk").values()),
        list(Location.objects.order_by("pk").values()),
        list(Initiative.categories.through.objects.order_by("pk").values()),
    ]


def row_errors(response) -> dict[int, dict]:
    return {
        invalid.number: invalid.field_specific_errors
        for invalid in response.context["result"].invalid_rows
    }


def export_form_data(file_format: int) -> dict:
    data = {"resource": "0", "format": str(file_format)}
    for name in COLUMNS:
        data[f"initiativeresource_{name}"] = "on"
    return data
