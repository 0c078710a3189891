"""``quoteRequests`` (the caller's own, or those asking the caller's producers) and ``quoteRequest(id)``:
``access.requests_for`` decides which; anonymous callers are refused as Saleor refuses them."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.graphql.core.ids import integer_pk
from marketplace.graphql.core.connection import connection_args, countable_connection, paginate
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, PermissionDenied, has_permissions
from marketplace.quotes import access

from .types import QuoteRequest, QuoteStateEnum, load_visible

QuoteRequestCountableConnection = countable_connection(QuoteRequest, "QuoteRequest")


def request_pk(value, field="id"):
    """The pk in a ``QuoteRequest`` global id, or None when it is not one (a client's mistake)."""
    return integer_pk(value, "QuoteRequest")


def _signed_in(info):
    if not has_permissions(info.context.user, (AUTHENTICATED_USER,)):
        raise PermissionDenied((AUTHENTICATED_USER,))
    return info.context.user


class QuoteQueries(graphene.ObjectType):
    quote_requests = graphene.Field(
        QuoteRequestCountableConnection, state=graphene.Argument(QuoteStateEnum, description="Only in this state."),
        description="Your quote requests, newest first; for a producer's user, the requests asking its producers "
                    "(their own lines only).", **connection_args())
    quote_request = graphene.Field(QuoteRequest, id=graphene.ID(required=True),
                                   description="One quote request you may see, else null.")

    @staticmethod
    def resolve_quote_requests(root, info, state=None, first=None, last=None, after=None, before=None):
        user = _signed_in(info)
        requests = access.requests_for(user).select_related("buyer").order_by("-created", "-pk")
        if state is not None:
            requests = requests.filter(state=getattr(state, "value", state))
        page = paginate(requests, "quoteRequests", first=first, last=last, after=after, before=before)
        load_visible(user, page.items)
        return page

    @staticmethod
    def resolve_quote_request(root, info, id):
        user = _signed_in(info)
        pk = request_pk(id)
        if pk is None:
            raise GraphQLError(_("Invalid ID %(value)r in %(field)s: expected the id of a %(type)s.")
                               % {"value": id, "field": "id", "type": "QuoteRequest"})
        found = access.requests_for(user).select_related("buyer").filter(pk=pk).first()
        return load_visible(user, [found])[0] if found is not None else None
