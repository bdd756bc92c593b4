"""Form fields of the public's forms that guard what the site will send or write.

- ``SingleLineCharField``: a text on one line (a name, an image's description). A browser's
  text input cannot hold a line break, so one comes from a pasted text or from a robot trying
  to add e-mail headers: line breaks and tabs become a space; any other control character (an
  escape, a bell, invisible) is refused with a message.
- ``ContactEmailField``: an address the site writes to (the proposer's, the reporter's), which
  must be one that can receive mail from the Internet. It is checked by its form alone, never
  by a DNS look-up (slow, and no proof anyway): an IP literal (``x@[127.0.0.1]``), a domain
  without an extension (``x@localhost``, ``x@intranet``) and the domains reserved for examples,
  tests and private networks are refused with a message saying why. Like every address a
  public form takes, it holds at most ``EMAIL_MAX_LENGTH`` characters.
- ``WebsiteField``: a web address. Shown again with its error, a value that is no URL (which a
  browser may send: « https://exemple.org/une page ») is put in a text input with the URL
  keyboard, as HTML allows only a URL in a ``type="url"`` input.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

# Top-level domains that never reach a mailbox on the Internet: RFC 2606 and 6761 (test,
# example, invalid, localhost), multicast DNS (local, RFC 6762), private use (internal), the
# infrastructure domain (arpa: home.arpa and the reverse zones) and Tor's onion (RFC 7686).
RESERVED_TOP_LEVEL_DOMAINS = frozenset(
    {"test", "example", "invalid", "localhost", "local", "internal", "arpa", "onion"}
)
# example.com, example.org, example.net (RFC 2606), and example.* under any extension, which
# people type as a placeholder.
RESERVED_NAME = "example"
# What the models' e-mail columns hold (Django's EmailField, RFC 5321's 256-character path
# less its angle brackets). Django's form field would let up to 320 through, which the
# database then refused.
EMAIL_MAX_LENGTH = 254

INVALID_MESSAGE = _("Saisissez une adresse de courriel valide.")
IP_LITERAL_MESSAGE = _(
    "Indiquez une adresse avec un nom de domaine (par exemple prenom@domaine.fr), "
    "pas une adresse IP."
)
NO_EXTENSION_MESSAGE = _(
    "Le domaine de cette adresse est incomplet : il lui manque son extension, "
    "par exemple « .fr » ou « .org »."
)
RESERVED_MESSAGE = _(
    "Ce domaine est réservé aux exemples, aux tests ou aux réseaux privés : il ne reçoit pas "
    "de courriel. Indiquez l'adresse où vous lisez vos messages."
)

CONTROL_CHARACTERS_MESSAGE = _(
    "Retirez de ce champ les caractères invisibles (caractères de contrôle)."
)
# What ends a line for Python (``str.splitlines``) or for a mail reader, and the tab: each run,
# with the spaces around it, becomes one space.
LINE_BREAKS = re.compile(r" *[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+ *")

# Django's own checks of the syntax, without its exception for ``localhost``.
_syntax = EmailValidator(message=INVALID_MESSAGE, allowlist=[])


def _is_ip_address(domain: str) -> bool:
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True


def is_control_character(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def refuse_control_characters(value: str) -> None:
    """Refuse a text holding a control character. NUL is left to Django's own validator of
    every ``CharField``, which says so in its own words."""
    if any(is_control_character(char) and char != "\x00" for char in value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


class SingleLineCharField(forms.CharField):
    """A text on one line (see the module)."""

    default_validators = [refuse_control_characters]

    def to_python(self, value: object) -> str | None:
        if isinstance(value, str):
            value = LINE_BREAKS.sub(" ", value)
        return super().to_python(value)


class WebsiteInput(forms.URLInput):
    """A URL input, or a text input with the URL keyboard for a value that is no URL (see the
    module)."""

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["value"] and not is_url(widget["value"]):
            widget["type"] = "text"
            widget["attrs"] = {**widget["attrs"], "inputmode": "url"}
        return context


def is_url(value: str) -> bool:
    """Whether ``value`` is a URL as it stands (with its scheme)."""
    try:
        URLValidator()(value)
    except ValidationError:
        return False
    return True


class WebsiteField(forms.URLField):
    """A web address (see the module)."""

    widget = WebsiteInput


def validate_contact_email(value: str) -> None:
    """Refuse an address that cannot receive mail from the Internet (see the module)."""
    # Control characters are legal in a quoted local part ("a\x0bb"@…), never in a real one.
    if any(is_control_character(char) for char in value):
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    _, at, domain = value.rpartition("@")
    if not at:
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    domain = domain.lower()
    if domain.startswith("[") or _is_ip_address(domain):
        raise ValidationError(IP_LITERAL_MESSAGE, code="ip_literal")
    labels = domain.rstrip(".").split(".")
    if len(labels) < 2:
        raise ValidationError(NO_EXTENSION_MESSAGE, code="single_label")
    if labels[-1] in RESERVED_TOP_LEVEL_DOMAINS or labels[-2] == RESERVED_NAME:
        raise ValidationError(RESERVED_MESSAGE, code="reserved_domain")
    _syntax(value)


class ContactEmailField(forms.EmailField):
    """An e-mail address the site will write to (see the module)."""

    default_validators = [validate_contact_email]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)
