"""``{% kept "name" %}…{% endkept %}``: a part of a page that is the same for every visitor in a
language and currency, rendered once and kept (``OTOP_PAGE_CACHE_SECONDS``) under the catalogue's
version and the day (``catalog.version``), so that a change of the catalogue or a certification
ending at midnight shows at once. Only what is nobody's own may go inside: no form with a CSRF
token, no basket, no account, no script nonce."""
from django import template
from django.utils.safestring import mark_safe

from marketplace.catalog import kept_pages, version

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        return mark_safe(version.kept(f"fragment-{self.name.resolve(context)}", lambda: self.nodelist.render(context),
                                      *kept_pages.audience(context.get("request"))))


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept %} takes one argument: the part's name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), nodelist)
