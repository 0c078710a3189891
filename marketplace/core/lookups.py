"""``field = ANY(array)`` for filters on many values at once.

``.filter(pk__in=ids)`` sends one placeholder per value: for the 20,000 products of an import
Django builds 20,000 parameters and psycopg parses a query of 20,000 placeholders (about a
quarter of a second each time); an array is one parameter.

    Product.objects.filter(any_of("pk", ids))
"""
from django.db.models import F, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def any_of(field_name, values):
    return AnyOf(F(field_name), list(values))
