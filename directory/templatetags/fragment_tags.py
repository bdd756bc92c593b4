"""Parts of every page that depend on nothing but the code, the settings and a few values named
in the tag (the language, the page's name in the URLconf): the site's header and footer, the
icons and style sheet. Each is rendered once per process for each combination of those values,
then served as rendered::

    {% fragment header LANGUAGE_CODE request.resolver_match.url_name %}…{% endfragment %}

(The name only labels the fragment in the template.)

Their dozen links reversed from the URLconf, translated texts and static files' hashed names
were rendered again on every page: ``base.html`` took 1.23-2.27 ms a page, 0.39-0.49 ms with
them as fragments (README, Performance). Nothing in them may read anything else: what depends
on the page (its other languages, its address) stays outside. A change of a setting (the tests
make them) forgets every rendering; so does a new process, the only way code changes.
"""

from __future__ import annotations

import weakref

from django import template
from django.core.signals import setting_changed
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()

# Renderings kept by one fragment (there are a few languages and page names: a bound against
# values that vary more than the tag says).
MAX_RENDERINGS = 256

_nodes: weakref.WeakSet[FragmentNode] = weakref.WeakSet()


class FragmentNode(Node):
    """A part of a template rendered once for each combination of ``keys``' values."""

    def __init__(self, nodelist: NodeList, keys: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.keys = keys
        self.renderings: dict[tuple[str, ...], SafeString] = {}
        _nodes.add(self)

    def render(self, context: Context) -> SafeString:
        key = tuple(
            str(expression.resolve(context, ignore_failures=True)) for expression in self.keys
        )
        html = self.renderings.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.renderings) < MAX_RENDERINGS:
                self.renderings[key] = html
        return html


@register.tag("fragment")
def fragment(parser: Parser, token: Token) -> FragmentNode:
    """``{% fragment name value… %}…{% endfragment %}``: the content, rendered once for each
    combination of the values."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' takes a name, then the values it varies by.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[2:]])


def forget(**kwargs: object) -> None:
    """Forget every fragment's renderings."""
    for node in list(_nodes):
        node.renderings.clear()


setting_changed.connect(forget, dispatch_uid="directory.fragment_tags.forget")
