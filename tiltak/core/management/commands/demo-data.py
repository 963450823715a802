from django.core.management.base import BaseCommand, CommandError

from tiltak.plans.actions.demo import DemoDataError, create_demo_data


class Command(BaseCommand):
    help = ("Add synthetic plans for measuring at size: N plans × M measures × R published rounds, with Norwegian "
            "text of the seed's lengths, several ministries per measure, grades that move, and history rows.")

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=10, help="how many plans (default 10)")
        parser.add_argument("--measures", type=int, default=50, help="measures per plan (default 50)")
        parser.add_argument("--rounds", type=int, default=10, help="published rounds per plan (default 10)")
        parser.add_argument("--seed", type=int, default=2012, help="random seed (the same seed, the same data)")

    def handle(self, *args, **options):
        try:
            result = create_demo_data(plans=options["plans"], measures=options["measures"],
                                      rounds=options["rounds"], seed=options["seed"])
        except DemoDataError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(f"added {result.plans} plans, {result.measures} measures, {result.rounds} rounds and "
                          f"{result.entries} entries with their history")
