"""The /graphql/ endpoint: graphene-django's view with the limits applied before execution,
no batching, JWT bearer authentication (never the session cookie), GraphiQL only with DEBUG,
and a time budget (``budget.py``) around execution.

Whatever a client sends, the answer is a typed GraphQL error or a 400, never a 500: a body that
is not one JSON object of the right shape, nesting too deep to read, NUL characters anywhere in
the query or its variables, and values the database refuses (``format_error``)."""
import json
import logging
from functools import lru_cache

import psycopg
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseNotModified
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, parse, validate
from graphql.error import GraphQLSyntaxError

from marketplace.core.i18n import api_request_languages
from marketplace.graphql import budget, limits, response_cache
from marketplace.graphql.account.tokens import user_from_header
from marketplace.graphql.execution import PlannedExecutionContext


@lru_cache(maxsize=256)
def _checked(schema, query, introspection, language):
    """Parsed and validated once per distinct query text (storefronts send the same few):
    saves ~10 ms a request. ``introspection`` is part of the key as the rules depend on it,
    ``language`` as the rules' messages are in it."""
    try:
        document = parse(query, max_tokens=limits.MAX_TOKENS)
    except GraphQLSyntaxError as error:
        return None, [error]
    except RecursionError:  # graphql-core's parser recurses once per level of nesting
        return None, [GraphQLError(_("Syntax Error: the query nests deeper than %(depth)d levels allow.")
                                   % {"depth": limits.MAX_DEPTH})]
    return document, validate(schema, document, limits.validation_rules())


def _user(request):
    """The user of the request's bearer token. Session cookies are ignored on purpose: the
    endpoint is CSRF-exempt, so a cookie must never act for a user (Saleor works the same way)."""
    return user_from_header(request) or AnonymousUser()


def _bad_request(message):
    return HttpError(HttpResponseBadRequest(message))


def _json_body(body: bytes) -> dict:
    """A JSON request's body: one object (the operation), or a 400 saying what is wrong with it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad_request(_("The request body is not UTF-8 text.")) from None
    try:
        data = json.loads(text)
    except RecursionError:  # Python's JSON reader gives up at about 1,000 levels of nesting
        raise _bad_request(_("The request body nests too deeply.")) from None
    except ValueError:
        raise _bad_request(_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise _bad_request(_("The request body must be a JSON object holding `query` (and `variables`, "
                             "`operationName` where needed)."))
    return data


def _caused_by(error, kinds):
    """The first exception of type ``kinds`` in ``error``'s chain of causes, if any."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, kinds):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


logger = logging.getLogger("marketplace.graphql")


class APIView(GraphQLView):
    def __init__(self, **kwargs):
        kwargs.setdefault("graphiql", settings.DEBUG)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        # Lazy: a refused query never looks the user up.
        request.user = SimpleLazyObject(lambda: _user(request))
        # Messages in the language the client asks for (Accept-Language); content in the site's.
        with api_request_languages(request.headers.get("Accept-Language")) as language:
            request.LANGUAGE_CODE = language
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = language
        cache_key = getattr(request, "otop_cache_key", None)
        if cache_key is not None and response.status_code == 200:
            # (response_cache): the key is the answer's validator; a CDN may keep a GET's answer
            etag = f'"{cache_key.rsplit(":", 1)[1][:32]}"'
            response["ETag"] = etag
            if request.method == "GET":
                response["Cache-Control"] = f"public, max-age={response_cache.max_age()}"
                if request.headers.get("If-None-Match") == etag:
                    return HttpResponseNotModified(headers={"ETag": etag, "Content-Language": language})
            else:
                response["Cache-Control"] = "private, no-cache"
        return response

    @staticmethod
    def format_error(error):
        """Errors the API raised on purpose keep their message; a value the database refuses (text
        it cannot store, a number out of its range, a malformed UUID) or a statement stopped by the
        budget is a typed error; anything else (a bug) is logged and answered without internals
        unless DEBUG is on."""
        formatted = GraphQLView.format_error(error)
        original = getattr(error, "original_error", None)
        if original is None or isinstance(original, GraphQLError):
            return formatted
        if error.path is None and error.nodes:
            # Raised while validating or coercing the request's own values (a scalar refusing a
            # literal or a variable, such as a malformed UUID): graphql-core's message names them.
            return formatted
        if _caused_by(original, psycopg.errors.QueryCanceled):
            formatted.update(message=budget.error().message, extensions={"code": budget.CODE})
        elif invalid := _caused_by(original, (DataError, ValidationError, psycopg.DataError)):
            formatted.update(message=_invalid_value_message(invalid), extensions={"code": "INVALID"})
        elif not settings.DEBUG:
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = _("Internal Server Error")
        return formatted

    def parse_body(self, request):
        if self.get_content_type(request) == "application/json" and request.body.lstrip().startswith(b"["):
            raise _bad_request(_("Batched queries are not supported: send one operation per request."))
        if self.get_content_type(request) == "multipart/form-data":
            return multipart_operation(request)
        if self.get_content_type(request) == "application/json":
            return _json_body(request.body)  # (graphene's own reader answers in English only)
        try:
            return super().parse_body(request)
        except RecursionError:  # Python's JSON reader gives up at about 1,000 levels of nesting
            raise _bad_request(_("The request body nests too deeply.")) from None
        except UnicodeDecodeError:  # an application/graphql body is decoded as it is, not as JSON
            raise _bad_request(_("The request body is not UTF-8 text.")) from None

    def get_graphql_params(self, request, data):
        """The operation's text, variables and name, each of the type GraphQL over HTTP says."""
        # read here, not by graphene's reader, which answers variables that are not JSON in English only
        query = request.GET.get("query") or data.get("query")
        variables = request.GET.get("variables") or data.get("variables")
        operation_name = request.GET.get("operationName") or data.get("operationName")
        operation_name = None if operation_name == "null" else operation_name
        id_ = request.GET.get("id") or data.get("id")
        if isinstance(variables, str):
            try:
                variables = json.loads(variables)
            except RecursionError:
                raise _bad_request(_("`variables` nests too deeply.")) from None
            except ValueError:
                raise _bad_request(_("`variables` is not valid JSON.")) from None
        if query is not None and not isinstance(query, str):
            raise _bad_request(_("`query` must be a string holding one GraphQL document."))
        if operation_name is not None and not isinstance(operation_name, str):
            raise _bad_request(_("`operationName` must be a string or null."))
        variables = variables or None  # "", {} and [] all mean none
        if variables is not None and not isinstance(variables, dict):
            raise _bad_request(_("`variables` must be a JSON object."))
        try:
            limits.check_variables(variables)
        except GraphQLError as error:
            raise _bad_request(error.message) from None
        return query, variables, operation_name, id_

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise _bad_request(_("Must provide query string."))
        schema = self.schema.graphql_schema
        document, errors = _checked(schema, query, getattr(settings, "GRAPHQL_INTROSPECTION", True),
                                    translation.get_language())
        if errors:
            return ExecutionResult(errors=errors)
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return ExecutionResult(errors=[GraphQLError(
                _("Unknown operation named %(name)r.") % {"name": operation_name} if operation_name
                else _("Must provide operation name if query contains multiple operations."))])
        if schema.get_root_type(operation.operation) is None:  # a subscription: this API serves none
            return ExecutionResult(errors=[GraphQLError(
                _("This API has no %(kind)s operations: send a query or a mutation.")
                % {"kind": operation.operation.value})])
        if request.method.lower() == "get" and operation.operation != OperationType.QUERY:
            raise HttpError(HttpResponseNotAllowed(["POST"], _("Mutations are sent with POST.")))
        try:
            limits.check_cost(schema, document, variables, operation_name)
        except GraphQLError as error:
            return ExecutionResult(errors=[error])
        cache_key = None
        if response_cache.cacheable(request, operation):
            cache_key = request.otop_cache_key = response_cache.key(
                request, query, variables, operation_name, translation.get_language(), document, operation)
            kept = response_cache.get(cache_key)
            if kept is not None:
                return ExecutionResult(data=kept)
        options = dict(root_value=self.get_root_value(request), context_value=self.get_context(request),
                       variable_values=variables, operation_name=operation_name,
                       middleware=self.get_middleware(request), execution_context_class=PlannedExecutionContext)
        try:
            # No transaction around mutations: the domain functions they call own theirs, and
            # talk to Stripe or the mailer only after those have committed.
            with budget.request_budget():
                result = execute(schema, document, **options)
            if cache_key is not None and not result.errors:
                response_cache.keep(cache_key, result.data)
            return result
        except budget.BudgetExceeded:
            return ExecutionResult(errors=[budget.error()])
        except Exception as error:  # noqa: BLE001  reported as a GraphQL error, never a 500
            return ExecutionResult(errors=[GraphQLError(str(error), original_error=error)])


def _invalid_value_message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    cause = _caused_by(error, psycopg.Error)
    detail = getattr(getattr(cause, "diag", None), "message_primary", None) or str(cause or error).split("\n")[0]
    return _("A value in the request cannot be used: %(detail)s.") % {"detail": detail}


def multipart_operation(request):
    """The operation of a multipart request (the GraphQL multipart request spec, as Saleor takes
    photos): the ``operations`` part is the JSON body, ``map`` says which variable each file part
    fills (``{"0": ["variables.input.image"]}``). Django's limits on multipart requests apply (files
    over ``FILE_UPLOAD_MAX_MEMORY_SIZE`` go to a temporary file; nginx caps the body, see Security);
    what the file may be is the mutation's check. Anything malformed is a 400 that says what."""
    try:
        operations = json.loads(request.POST.get("operations") or "null")
        mapping = json.loads(request.POST.get("map") or "{}")
    except ValueError:
        raise _bad_request(_("The `operations` and `map` parts of a multipart request must be JSON.")) from None
    except RecursionError:
        raise _bad_request(_("The request body nests too deeply.")) from None
    if isinstance(operations, list):
        raise _bad_request(_("Batched queries are not supported: send one operation per request."))
    if not isinstance(operations, dict) or not isinstance(mapping, dict):
        raise _bad_request(_("A multipart request needs an `operations` JSON object and a `map` JSON object."))
    for name, paths in mapping.items():
        upload = request.FILES.get(name)
        if upload is None:
            raise _bad_request(_("`map` names the file part %(name)r, which the request does not hold.")
                               % {"name": name})
        if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
            raise _bad_request(_("`map` gives file part %(name)r a list of paths such as \"variables.file\".")
                               % {"name": name})
        for path in paths:
            _place(operations, path, upload)
    return operations


def _place(operations, path, upload):
    """Put ``upload`` where ``path`` (``variables.input.image``, ``variables.files.0``) points."""
    *parents, last = path.split(".")
    if not parents or parents[0] != "variables":
        raise _bad_request(_("`map` path %(path)r must point into `variables`.") % {"path": path})
    node = operations
    for key in parents:
        node = node[int(key)] if isinstance(node, list) and key.isdigit() and int(key) < len(node) else (
            node.get(key) if isinstance(node, dict) else None)
        if not isinstance(node, (dict, list)):
            raise _bad_request(_("`map` path %(path)r does not point to a variable of the operation.")
                               % {"path": path})
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = upload
    elif isinstance(node, dict):
        node[last] = upload
    else:
        raise _bad_request(_("`map` path %(path)r does not point to a variable of the operation.") % {"path": path})
