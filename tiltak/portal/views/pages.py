"""Pages with fixed content: the accessibility statement."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def accessibility(request):
    return render(request, "portal/accessibility.html")
