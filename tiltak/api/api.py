"""The NinjaAPI instance, version 1, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from ninja import NinjaAPI

from tiltak.api import errors
from tiltak.api.parser import StrictJsonParser
from tiltak.api.views import router

api = NinjaAPI(
    title="tiltak",
    version="1",
    description="Status reporting for government action plans. Writes need `Authorization: Bearer TOKEN` "
                "(`tiltak user token NAME`). Unpublished rounds are visible only to people with a role. "
                "Lists come a part at a time (`?limit=&offset=`, at most 1000 items, all of them up to 1000): the "
                "body is the JSON list, `X-Total-Count` its whole length, `Link` the other parts.",
    urls_namespace="v1",
    docs_url="/docs",
    parser=StrictJsonParser(),
)
api.add_router("", router)
errors.register(api)
