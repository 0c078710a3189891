"""Requests carrying a NUL character in their path, query string or cookies get a 400 that
says where, instead of the 500 that PostgreSQL's refusal of NUL in text would cause deep inside
whichever view (ours or Oscar's) passes the value to a query."""
from django.http import HttpResponseBadRequest

NUL = "\x00"


def _where_nul(request):
    if NUL in request.path:
        return "the address"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return f"the query parameter {name!r}"
    for name, value in request.COOKIES.items():
        if NUL in name or NUL in value:
            return f"the cookie {name!r}"
    return None


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _where_nul(request)
        if where:
            return HttpResponseBadRequest(f"Bad request: {where} contains a NUL character (%00).",
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)
