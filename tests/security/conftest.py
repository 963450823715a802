import pytest

from tests.cast import anonymous, cast, coordinator, plan, reader, reporter_jd, reporter_ud, round_open

__all__ = ["anonymous", "cast", "coordinator", "plan", "reader", "reporter_jd", "reporter_ud", "round_open"]


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """One real `tiltak serve` for the tests that need a running server (Schemathesis, broken text, load)."""
    from tests.security.server import running_server

    with running_server(tmp_path_factory.mktemp("served")) as server:
        yield server
