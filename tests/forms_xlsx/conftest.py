from tests.cast import anonymous, cast, coordinator, plan, reader, reporter_jd, reporter_ud, round_open

__all__ = ["anonymous", "cast", "coordinator", "plan", "reader", "reporter_jd", "reporter_ud", "round_open"]
