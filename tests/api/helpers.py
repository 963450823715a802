"""Calling the API as a member of the cast."""

import json

from tiltak.plans.actions.tokens import issue_token

BASE = "/api/v1/plans/testplan"


class ApiClient:
    """The Django test client with a bearer token for ``user`` (none for the anonymous visitor)."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {issue_token(user=user)}"} if user and user.is_authenticated else {}

    def get(self, path):
        return self.client.get(path, headers=self.headers)

    def _send(self, method, path, body):
        data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
        return getattr(self.client, method)(path, data=data, content_type="application/json", headers=self.headers)

    def post(self, path, body=None):
        return self._send("post", path, body)

    def put(self, path, body=None):
        return self._send("put", path, body)
