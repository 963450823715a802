"""The NinjaAPI instance, version 1, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from ninja import NinjaAPI

from tiltak.api import errors, forms
from tiltak.api.parser import StrictJsonParser
from tiltak.api.views import router
from tiltak.middleware import MAX_REQUEST_LINE_BYTES

# Refusals every operation can give before it runs (tiltak.middleware), in the one error body.
REFUSED_BEFORE_THE_API = {
    "414": f"The path and query are longer than {MAX_REQUEST_LINE_BYTES} bytes.",
}


class TiltakApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for item in schema["paths"].values():
            for operation in item.values():
                for code, description in REFUSED_BEFORE_THE_API.items():
                    operation["responses"].setdefault(code, {"description": description, "content": error})
        return schema


api = TiltakApi(
    title="tiltak",
    version="1",
    description="Status reporting for government action plans. Writes need `Authorization: Bearer TOKEN` "
                "(`tiltak user token NAME`). Unpublished rounds are visible only to people with a role. "
                "Lists come a part at a time (`?limit=&offset=`, at most 1000 items, all of them up to 1000): the "
                "body is the JSON list, `X-Total-Count` its whole length, `Link` the other parts; each parameter "
                "once (a repeated one is refused with 422). A round keeps its measures as it published them: an "
                "entry's `number`, `title` and `responsible` are the round's, while its address "
                "(`…/entries/{number}`) and the `numbers` of submit and approve use the measure's number now, "
                "`current_number` (the measure's identity: it differs from `number` only for a measure renumbered "
                "after the round).",
    urls_namespace="v1",
    docs_url="/docs",
    parser=StrictJsonParser(),
)
api.add_router("", router)
api.add_router("", forms.router)
errors.register(api)
forms.register(api)
