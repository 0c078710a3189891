from django.apps import AppConfig


class GraphQLConfig(AppConfig):
    name = "marketplace.graphql"
    label = "otop_graphql"
    verbose_name = "GraphQL API"
