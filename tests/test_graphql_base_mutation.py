"""The API's base mutation: declared description, error type and permissions; domain refusals
become typed errors; a code outside the declared enum fails loudly instead of reading INVALID."""
from enum import StrEnum
from types import SimpleNamespace

import graphene
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from marketplace.core.errors import DomainError
from marketplace.graphql.core.mutations import AUTHENTICATED_STAFF_USER, AUTHENTICATED_USER, BaseMutation, error_type


class ShelfErrorCode(StrEnum):
    INVALID = "INVALID"
    SHELF_FULL = "SHELF_FULL"


class ShelfRefusal(DomainError):
    code_enum = ShelfErrorCode


ShelfError = error_type("ShelfError", ShelfErrorCode)
calls = []


class ShelfAdd(BaseMutation):
    """Put something on the shelf."""

    class Meta:
        error_type = ShelfError
        permissions = (AUTHENTICATED_USER,)

    class Arguments:
        code = graphene.String(required=True)

    done = graphene.Boolean()

    @classmethod
    def perform_mutation(cls, root, info, code):
        calls.append(code)
        if code == "ok":
            return cls(done=True, errors=[])
        raise DomainError(code, f"refused: {code}", field="code")


class ShelfClear(BaseMutation):
    """Clear the shelf (staff only)."""

    class Meta:
        error_type = ShelfError
        permissions = (AUTHENTICATED_STAFF_USER,)

    done = graphene.Boolean()

    @classmethod
    def perform_mutation(cls, root, info):
        calls.append("clear")
        return cls(done=True, errors=[])


class Mutation(graphene.ObjectType):
    shelf_add = ShelfAdd.Field()
    shelf_clear = ShelfClear.Field()


class Query(graphene.ObjectType):
    ok = graphene.Boolean()


schema = graphene.Schema(query=Query, mutation=Mutation)
ADD = "mutation($code: String!) { shelfAdd(code: $code) { done errors { field code message } } }"


def run(query, user, **variables):
    calls.clear()
    return schema.execute(query, variable_values=variables, context_value=SimpleNamespace(user=user))


def shopper():
    return get_user_model()(username="shopper", email="s@example.com")


def test_a_domain_refusal_becomes_a_typed_error_with_its_code():
    # when
    result = run(ADD, shopper(), code="SHELF_FULL")
    # then
    assert result.errors is None
    assert result.data["shelfAdd"] == {"done": None, "errors": [
        {"field": "code", "code": "SHELF_FULL", "message": "refused: SHELF_FULL"}]}


def test_a_code_outside_the_declared_enum_fails_loudly_instead_of_reading_invalid():
    # when: the domain raises a code the mutation's enum does not have (a typo)
    result = run(ADD, shopper(), code="SHELF_FUL")
    # then
    assert result.errors and "SHELF_FUL" in str(result.errors[0].original_error)
    assert result.data["shelfAdd"] is None


def test_a_domain_error_class_refuses_a_code_outside_its_enum():
    with pytest.raises(ValueError):
        ShelfRefusal("SHELF_FUL", "typo")
    assert ShelfRefusal("SHELF_FULL", "full").code is ShelfErrorCode.SHELF_FULL


def test_permissions_are_checked_before_the_mutation_runs():
    # when
    anonymous = run(ADD, AnonymousUser(), code="ok")
    not_staff = run("mutation { shelfClear { done } }", shopper())
    # then
    assert anonymous.data["shelfAdd"] is None
    assert anonymous.errors[0].extensions == {"exception": {"code": "PermissionDenied"}}
    assert "AUTHENTICATED_USER" in anonymous.errors[0].message
    assert not_staff.data["shelfClear"] is None and "AUTHENTICATED_STAFF_USER" in not_staff.errors[0].message
    assert calls == []


def test_a_permitted_caller_gets_the_mutation():
    staff = get_user_model()(username="staff", is_staff=True)
    assert run("mutation { shelfClear { done errors { code } } }", staff).data == {
        "shelfClear": {"done": True, "errors": []}}
    assert calls == ["clear"]


@pytest.mark.parametrize("missing", ["description", "error_type", "permissions"])
def test_a_mutation_must_declare_description_error_type_and_permissions(missing):
    meta = {"error_type": ShelfError, "permissions": ()}
    meta.pop(missing, None)
    namespace = {"Meta": type("Meta", (), meta), "perform_mutation": classmethod(lambda cls, root, info: None)}
    if missing != "description":
        namespace["__doc__"] = "Something."
    with pytest.raises(ImproperlyConfigured, match=missing.replace("_", " ")):
        type("Undeclared", (BaseMutation,), namespace)


def test_every_mutation_of_the_api_is_a_base_mutation_with_an_enum_error_code():
    # given: the project's schema
    from marketplace.graphql.schema import Mutation as APIMutation

    # then: no mutation skips the declared error type and permissions
    for name, field in APIMutation._meta.fields.items():
        payload = field.type
        assert issubclass(payload, BaseMutation), name
        assert issubclass(payload.error_type.codes, StrEnum), name
