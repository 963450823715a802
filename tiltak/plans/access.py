"""Who may see what. One place, used by every interface (web, portal, reports, API)."""

from tiltak.plans.models import Round


def can_view_round(user, the_round: Round) -> bool:
    """Published rounds are public; unpublished ones only for signed-in staff until roles exist."""
    return the_round.is_published or bool(user and user.is_authenticated and user.is_staff)
