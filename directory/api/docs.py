"""The OpenAPI schema, and the documentation page written from it.

The page is rendered by the server from the schema, in the site's own template: Swagger UI
(from drf-spectacular-sidecar, served by the site) does run under the site's
Content-Security-Policy with drf-spectacular's split view, but its markup fails axe-core
(buttons inside buttons, unnamed selects, contrasts, several ``main`` landmarks) and it is in
English. This page needs no script, is in French and says the same things as the schema,
since it reads them from it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView

from ..public.caching import public_page
from ..site_url import absolute_url
from . import schema as _schema  # noqa: F401 (registers the filters' schema extension)

SCHEMA_MAX_AGE = 3600

schema = public_page(max_age=SCHEMA_MAX_AGE)(
    SpectacularAPIView.as_view(renderer_classes=[OpenApiJsonRenderer])
)

FORMATS = {
    "date": "date (AAAA-MM-JJ)",
    "date-time": "date et heure (ISO 8601)",
    "uri": "URL",
    "email": "adresse électronique",
    "double": "nombre",
}
TYPES = {"string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen"}


def with_code(text: str) -> SafeString:
    """``text`` escaped, its `backquoted` words as ``<code>``."""
    parts = str(escape(text)).split("`")
    # Every part is escaped above.
    return mark_safe(
        "".join(f"<code>{part}</code>" if n % 2 else part for n, part in enumerate(parts))
    )


def anchor(component: str) -> str:
    return f"schema-{component.lower()}"


class Types:
    """Describes the schema's types in French, linking to the components it documents."""

    def __init__(self, components: dict[str, dict]) -> None:
        self.components = components

    def is_enum(self, name: str) -> bool:
        return "enum" in self.components.get(name, {})

    def label(self, schema: dict[str, Any]) -> SafeString:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if self.is_enum(name):
                return self.label(self.components[name])
            return format_html('<a href="#{}">{}</a>', anchor(name), name)
        if "oneOf" in schema:
            kept = [s for s in schema["oneOf"] if not s.get("$ref", "").endswith("/NullEnum")]
            # Each label is safe: joined, they are too.
            label = mark_safe(" ou ".join(self.label(s) for s in kept))
            return format_html("{} ou null", label) if schema.get("nullable") else label
        if schema.get("type") == "array":
            label = format_html("liste de : {}", self.label(schema.get("items", {})))
        elif "enum" in schema:
            values = format_html_join(
                ", ", "<code>{}</code>", ((value,) for value in schema["enum"] if value)
            )
            label = format_html("une valeur parmi {}", values)
        else:
            kind = schema.get("type", "")
            label = format_html("{}", FORMATS.get(schema.get("format", ""), TYPES.get(kind, kind)))
            if "minimum" in schema and "maximum" in schema:
                label = format_html("{}, de {} à {}", label, schema["minimum"], schema["maximum"])
        return format_html("{} ou null", label) if schema.get("nullable") else label


def documentation_context(document: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of an OpenAPI ``document``: its operations with their parameters
    and responses, then the objects they return."""
    components = document.get("components", {}).get("schemas", {})
    types = Types(components)
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = operation.get("responses", {})
            success = responses.get("200", {}).get("content", {}).get("application/json", {})
            returned = success.get("schema", {})
            listed = None
            if "$ref" in returned:
                page = components.get(returned["$ref"].rsplit("/", 1)[-1], {})
                listed = page.get("properties", {}).get("resultats")
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "url": absolute_url(path),
                    "anchor": operation["operationId"],
                    "description": with_code(operation.get("description", "")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": "chemin" if parameter["in"] == "path" else "requête",
                            "type": types.label(parameter["schema"]),
                            "repeatable": parameter["schema"].get("type") == "array",
                            "description": with_code(parameter.get("description", "")),
                            "example": parameter.get("example"),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "returns": types.label(listed["items"] if listed else returned),
                    "paginated": listed is not None,
                    "errors": sorted(code for code in responses if code != "200"),
                }
            )
    objects = [
        {
            "name": name,
            "anchor": anchor(name),
            "description": with_code(component.get("description", "")),
            "fields": [
                {
                    "name": field,
                    "type": types.label(schema),
                    "description": with_code(schema.get("description", "")),
                }
                for field, schema in component.get("properties", {}).items()
            ],
        }
        for name, component in components.items()
        if "properties" in component and not name.startswith("Paginated")
    ]
    return {
        "info": document["info"],
        "operations": operations,
        "objects": objects,
    }


@require_safe
@public_page(max_age=SCHEMA_MAX_AGE)
def documentation(request: HttpRequest) -> HttpResponse:
    """The API's documentation page, from its OpenAPI schema."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    context = documentation_context(document)
    context.update(
        base_url=absolute_url(reverse("api:index")),
        schema_url=absolute_url(reverse("api:schema")),
        example_slug="amap-le-cri-du-radis",
    )
    return render(request, "api/documentation.html", context)
