"""The /graphql/ endpoint: graphene-django's view with the limits applied before execution,
no batching, JWT bearer authentication (never the session cookie) and GraphiQL only with DEBUG."""
import logging
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.functional import SimpleLazyObject
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, parse, validate
from graphql.error import GraphQLSyntaxError

from marketplace.graphql import limits
from marketplace.graphql.account.tokens import user_from_header


@lru_cache(maxsize=256)
def _checked(schema, query, introspection):
    """Parsed and validated once per distinct query text (storefronts send the same few):
    saves ~10 ms a request. ``introspection`` is part of the key as the rules depend on it."""
    try:
        document = parse(query)
    except GraphQLSyntaxError as error:
        return None, [error]
    return document, validate(schema, document, limits.validation_rules())


def _user(request):
    """The user of the request's bearer token. Session cookies are ignored on purpose: the
    endpoint is CSRF-exempt, so a cookie must never act for a user (Saleor works the same way)."""
    return user_from_header(request.META.get("HTTP_AUTHORIZATION", "")) or AnonymousUser()


logger = logging.getLogger("marketplace.graphql")


class APIView(GraphQLView):
    def __init__(self, **kwargs):
        kwargs.setdefault("graphiql", settings.DEBUG)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        # Lazy: a refused query never looks the user up.
        request.user = SimpleLazyObject(lambda: _user(request))
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def format_error(error):
        """Errors the API raised on purpose keep their message; anything else (a bug, a database
        error) is logged and answered without internals unless DEBUG is on."""
        formatted = GraphQLView.format_error(error)
        original = getattr(error, "original_error", None)
        if original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal Server Error"
        return formatted

    def parse_body(self, request):
        if self.get_content_type(request) == "application/json" and request.body.lstrip().startswith(b"["):
            raise HttpError(HttpResponseBadRequest("Batched queries are not supported: send one operation per "
                                                   "request."))
        return super().parse_body(request)

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        document, errors = _checked(self.schema.graphql_schema, query, getattr(settings, "GRAPHQL_INTROSPECTION", True))
        if errors:
            return ExecutionResult(errors=errors)
        if variables is not None and not isinstance(variables, dict):
            return ExecutionResult(errors=[GraphQLError("`variables` must be a JSON object.")])
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return ExecutionResult(errors=[GraphQLError(f"Unknown operation named {operation_name!r}." if operation_name
                                                        else "Must provide operation name if query contains "
                                                             "multiple operations.")])
        if request.method.lower() == "get" and operation.operation != OperationType.QUERY:
            raise HttpError(HttpResponseNotAllowed(["POST"], "Mutations are sent with POST."))
        try:
            limits.check_cost(document, variables, operation_name)
        except GraphQLError as error:
            return ExecutionResult(errors=[error])
        options = dict(root_value=self.get_root_value(request), context_value=self.get_context(request),
                       variable_values=variables, operation_name=operation_name,
                       middleware=self.get_middleware(request))
        try:
            # No transaction around mutations: the domain functions they call own theirs, and
            # talk to Stripe or the mailer only after those have committed.
            return execute(self.schema.graphql_schema, document, **options)
        except Exception as error:  # noqa: BLE001  reported as a GraphQL error, never a 500
            return ExecutionResult(errors=[GraphQLError(str(error), original_error=error)])
