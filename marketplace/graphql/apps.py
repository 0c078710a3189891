from django.apps import AppConfig


class GraphQLConfig(AppConfig):
    name = "marketplace.graphql"
    label = "otop_graphql"
    verbose_name = "GraphQL API"

    def ready(self):
        from marketplace.graphql import response_cache

        response_cache.connect()
