"""Helpers for the GraphQL tests: the API's own equivalents of the Saleor storefront's catalogue
operations (same fields and arguments, written for this project) and a client that posts them."""
import json

from django.test import Client, RequestFactory

# The fields a product card reads (the storefront's ProductListItem fragment asks for these).
CARD_FIELDS = """
fragment Card on Product {
  id name slug created
  translation(languageCode: $lang) { name slug }
  pricing {
    priceRange { start { gross { amount currency } } stop { gross { amount currency } } }
    priceRangeUndiscounted { start { gross { amount currency } } stop { gross { amount currency } } }
  }
  category { id name slug translation(languageCode: $lang) { name slug } backgroundImage { url alt } }
  thumbnail(size: 1024, format: WEBP) { url alt }
  flagA: assignedAttribute(slug: "bestseller") { ... on AssignedBooleanAttribute { value } }
  flagB: assignedAttribute(slug: "pulse-bestseller") { ... on AssignedBooleanAttribute { value } }
  productVariants(first: 50) {
    totalCount
    edges { node { id
      picked: attributes(variantSelection: VARIANT_SELECTION) {
        attribute { slug name inputType translation(languageCode: $lang) { name } }
        values { name slug value translation(languageCode: $lang) { name } file { url } }
      }
    } }
  }
}
"""

LISTING = CARD_FIELDS + """
query Listing($first: Int, $after: String, $last: Int, $before: String, $channel: String!,
              $lang: LanguageCodeEnum!, $sortBy: ProductOrder, $filter: ProductFilterInput,
              $where: ProductWhereInput, $search: String) {
  products(first: $first, after: $after, last: $last, before: $before, channel: $channel, sortBy: $sortBy,
           filter: $filter, where: $where, search: $search) {
    totalCount
    edges { cursor node { ...Card } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

SHORT_LISTING = CARD_FIELDS + """
query ShortListing($first: Int = 9, $channel: String!, $lang: LanguageCodeEnum!) {
  products(first: $first, channel: $channel) { edges { node { ...Card } } }
}
"""

DETAILS = """
query Details($slug: String!, $channel: String!, $lang: LanguageCodeEnum!, $slugLang: LanguageCodeEnum) {
  product(slug: $slug, channel: $channel, slugLanguageCode: $slugLang) {
    id name slug description seoTitle seoDescription isAvailable
    translation(languageCode: $lang) { name description seoTitle seoDescription slug }
    en: translation(languageCode: EN) { slug }
    pl: translation(languageCode: PL) { slug }
    thumbnail(size: 2048, format: WEBP) { url alt }
    media { url(size: 2048, format: WEBP) alt type }
    category { id name slug translation(languageCode: $lang) { name slug } }
    productType { slug }
    productVariants(first: 1) { totalCount }
    flag: assignedAttribute(slug: "bestseller") { ... on AssignedBooleanAttribute { value } }
    assignedAttributes(limit: 50) {
      attribute { name slug translation(languageCode: $lang) { name } }
      ... on AssignedPlainTextAttribute { text: value textTr: translation(languageCode: $lang) }
      ... on AssignedBooleanAttribute { yes: value }
      ... on AssignedNumericAttribute { number: value }
      ... on AssignedSingleChoiceAttribute { one: value { name slug translation(languageCode: $lang) } }
      ... on AssignedMultiChoiceAttribute { many: value { name slug translation(languageCode: $lang) } }
    }
    pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
  }
}
"""

VARIANTS = """
query Variants($slug: String!, $channel: String!, $lang: LanguageCodeEnum!, $first: Int!, $after: String) {
  product(slug: $slug, channel: $channel) {
    id
    productVariants(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id name sku quantityAvailable
        translation(languageCode: $lang) { name }
        picked: attributes(variantSelection: VARIANT_SELECTION) { attribute { slug } values { name } }
        other: attributes(variantSelection: NOT_VARIANT_SELECTION) {
          attribute { name slug inputType translation(languageCode: $lang) { name } }
          values { name slug value translation(languageCode: $lang) { name } file { url } }
        }
        media { url(size: 2048, format: WEBP) alt type }
        pricing { price { gross { currency amount } } priceUndiscounted { gross { currency amount } } }
      } }
    }
  }
}
"""

SEARCH = CARD_FIELDS + """
query Find($search: String!, $sortBy: ProductOrderField!, $sortDirection: OrderDirection!, $first: Int,
           $after: String, $channel: String!, $lang: LanguageCodeEnum!) {
  products(first: $first, after: $after, channel: $channel, sortBy: {field: $sortBy, direction: $sortDirection},
           filter: {search: $search}) {
    totalCount
    edges { cursor node { ...Card } }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}
"""

BY_CATEGORY = CARD_FIELDS + """
query InCategory($slug: String!, $channel: String!, $lang: LanguageCodeEnum!, $first: Int, $after: String,
                 $sortBy: ProductOrder, $filter: ProductFilterInput, $where: ProductWhereInput) {
  category(slug: $slug, slugLanguageCode: EN) {
    id name slug description seoDescription seoTitle
    translation(languageCode: $lang) { name description seoDescription seoTitle slug }
    backgroundImage { url alt }
    products(first: $first, after: $after, channel: $channel, sortBy: $sortBy, filter: $filter, where: $where) {
      edges { node { ...Card } cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
}
"""

CATEGORIES = """
query Categories($slugs: [String!]!, $first: Int = 20) {
  categories(filter: {slugs: $slugs}, first: $first) { edges { node { id slug name } } }
}
"""

CHANNELS = "query Channels { channels { id name slug isActive currencyCode } }"


def post(query, variables=None, client=None, token=None, raw=None, language=None):
    """POST a GraphQL operation to /graphql/ (``language``: its Accept-Language); returns (status, parsed body)."""
    client = client or Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    body = raw if raw is not None else json.dumps({"query": query, "variables": variables or {}})
    response = client.post("/graphql/", body, content_type="application/json", **headers)
    return response.status_code, json.loads(response.content)


def data(query, variables=None, **kwargs):
    status, body = post(query, variables, **kwargs)
    assert "errors" not in body, body["errors"]
    assert status == 200
    return body["data"]


def token_for(user):
    """An access token for ``user`` as tokenCreate gives it to a client of the test ``Client``."""
    from marketplace.graphql.account import tokens

    return tokens.create(user, RequestFactory().post("/graphql/"))
