"""Saleor's ``AddressInput``. The catalogue accepts and ignores it (a channel's prices do not
depend on the address); checkout will read it."""
import graphene


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    company_name = graphene.String()
    street_address_1 = graphene.String(name="streetAddress1")
    street_address_2 = graphene.String(name="streetAddress2")
    city = graphene.String()
    city_area = graphene.String()
    postal_code = graphene.String()
    country = graphene.String()
    country_area = graphene.String()
    phone = graphene.String()
