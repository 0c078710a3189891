"""The base of the API's mutations, in the manner of Saleor's ``BaseMutation``.

A mutation declares, in its ``Meta`` (or inherits from an abstract base's class attributes):
- a description (its docstring),
- ``error_type``: the ``errors { field code message }`` type it answers with (``error_type()`` below
  makes one from a domain ``StrEnum``),
- ``permissions``: what the caller must be — ``()`` for anyone, ``AUTHENTICATED_USER``,
  ``AUTHENTICATED_STAFF_USER`` or Django permission names.

The base refuses a class without any of the three, checks the permissions before the mutation
runs (Saleor's top-level ``PermissionDenied`` error), and turns the ``DomainError`` the domain
raises into the declared error type. Its code must be a member of the declared enum: a mistyped
code raises instead of becoming ``INVALID``.

Mutations call domain functions; the domain functions own their transactions.
"""
from enum import StrEnum

import graphene
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.core.errors import DomainError

AUTHENTICATED_USER = "AUTHENTICATED_USER"
AUTHENTICATED_STAFF_USER = "AUTHENTICATED_STAFF_USER"


def error_type(name: str, codes: type[StrEnum], description: str | None = None, **fields):
    """Saleor's ``<name>`` error type (field, message, code and any extra ``fields``) with
    ``<name>Code`` mirroring ``codes``."""
    enum = graphene.Enum.from_enum(codes, name=f"{name}Code")
    error = type(name, (graphene.ObjectType,), {
        "__doc__": description or f"An error of a {name[:-5] or name} mutation.",
        "field": graphene.String(description="The argument the error is about, if any."),
        "message": graphene.String(description="What went wrong, in the caller's language."),
        "code": graphene.Field(enum, required=True, description="The error code."),
        **fields,
    })
    error.codes = codes
    error.code_type = enum
    return error


class PermissionDenied(GraphQLError):
    def __init__(self, permissions):
        needed = ", ".join(permissions)
        message = (_("To access this path, you need to be signed in (AUTHENTICATED_USER).")
                   if tuple(permissions) == (AUTHENTICATED_USER,)
                   else _("You need one of the following permissions: %(permissions)s") % {"permissions": needed})
        super().__init__(message, extensions={"exception": {"code": "PermissionDenied"}})


def has_permissions(user, permissions) -> bool:
    """Whether ``user`` holds every permission of ``permissions``."""
    for permission in permissions:
        if not getattr(user, "is_authenticated", False):
            return False
        if permission == AUTHENTICATED_USER:
            continue
        if permission == AUTHENTICATED_STAFF_USER:
            if not user.is_staff:
                return False
        elif not user.has_perm(permission):
            return False
    return True


class BaseMutation(graphene.Mutation):
    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, error_type=None, permissions=None, description=None, _meta=None,
                                    **options):
        error_type = error_type or getattr(cls, "error_type", None)
        permissions = permissions if permissions is not None else getattr(cls, "permissions", None)
        description = description or cls.__doc__
        if not description:
            raise ImproperlyConfigured(f"{cls.__name__} has no description: give it a docstring.")
        if error_type is None or not hasattr(error_type, "codes"):
            raise ImproperlyConfigured(f"{cls.__name__} declares no error type made by error_type().")
        if permissions is None:
            raise ImproperlyConfigured(f"{cls.__name__} declares no permissions (permissions = () for anyone).")
        cls.error_type, cls.permissions = error_type, tuple(permissions)
        cls.errors = graphene.NonNull(graphene.List(graphene.NonNull(error_type)))
        super().__init_subclass_with_meta__(description=description, _meta=_meta, **options)

    @classmethod
    def mutate(cls, root, info, **arguments):
        if not has_permissions(info.context.user, cls.permissions):
            raise PermissionDenied(cls.permissions)
        try:
            return cls.perform_mutation(root, info, **arguments)
        except DomainError as refusal:
            return cls.refused(refusal)

    @classmethod
    def refused(cls, refusal: DomainError):
        """The payload for a domain refusal: no data, an error of the declared type for it and for each
        refusal that came with it (``DomainError.also``)."""
        return cls(errors=cls.errors_of(refusal))

    @classmethod
    def errors_of(cls, refusal: DomainError) -> list:
        return [cls.error(each.code, each.message, each.field) for each in refusal.every()]

    @classmethod
    def error(cls, code, message, field=None):
        # codes(...) raises ValueError for a code the declared enum lacks: a bug to see, not INVALID
        return cls.error_type(code=cls.error_type.codes(code), message=message, field=field)

    @classmethod
    def perform_mutation(cls, root, info, **arguments):
        raise NotImplementedError(f"{cls.__name__}.perform_mutation")


def exactly_one_of(*arguments, refusal=DomainError):
    """Saleor's rule for arguments of which exactly one is given (``(schema name, value)`` pairs, in the
    order the message names them): otherwise GRAPHQL_ERROR on no field, raised as ``refusal`` (the
    caller's own ``DomainError`` class, which its callers may catch)."""
    given = [name for name, value in arguments if value]
    if not given:
        raise refusal("GRAPHQL_ERROR", _("At least one of arguments is required: %(names)s.")
                      % {"names": ", ".join(f"'{name}'" for name, _value in arguments)})
    if len(given) > 1:
        raise refusal("GRAPHQL_ERROR", _("Argument '%(first)s' cannot be combined with %(rest)s.")
                      % {"first": given[0], "rest": ", ".join(f"'{name}'" for name in given[1:])})
