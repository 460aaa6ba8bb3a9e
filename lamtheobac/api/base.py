from ninja import NinjaAPI

api = NinjaAPI(title="lamtheobac API", version="1", urls_namespace="api-v1")
