"""The plan's register in the browser: a new plan, its measures (add, edit, renumber, retire), the scale's wording.

For the plan's coordinator and administrators. The actions in tiltak/plans/actions/register.py check and change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.plans import access
from tiltak.plans.actions import register
from tiltak.plans.models import Grade, Measure, Plan, PlanChange, Responsibility
from tiltak.web.forms import add_errors, posted
from tiltak.web.manage_forms import GradeForm, MeasureForm, PlanForm, RenumberForm


def _plan_to_manage(user, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("scale", "coordinator"), slug=slug)
    if not access.can(user, "manage_plan", plan):
        raise PermissionDenied(_("Bare koordinator for planen og administrator kan endre planen og tiltakene."))
    return plan


def _measure_to_manage(user, slug: str, number: str) -> Measure:
    plan = _plan_to_manage(user, slug)
    measure = get_object_or_404(plan.measures.prefetch_related("responsibilities__ministry"), number=number)
    measure.plan = plan
    return measure


def _measure_initial(measure: Measure) -> dict:
    responsible = measure.responsible_abbreviations()
    return {"title": measure.title, "plan_text": measure.plan_text, "lead": responsible[0] if responsible else "",
            "others": responsible[1:]}


def _status(form, request) -> int:
    return 422 if request.method == "POST" and form.errors else 200


@login_required
def new_plan(request):
    if not access.can(request.user, "create_plan"):
        raise PermissionDenied(_("Bare koordinator og administrator kan opprette en plan."))
    form = PlanForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = register.create_plan(title=data["title"], title_en=data["title_en"],
                                        period_start=data["period_start"], period_end=data["period_end"],
                                        scale=data["scale"], coordinator=form.coordinating_ministry(),
                                        acting_user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Planen er opprettet. Legg til tiltakene."))
            return redirect("web:plan_register", plan=plan.slug)
    return render(request, "web/manage/plan_form.html", {"form": form, "plan": None}, status=_status(form, request))


@login_required
def edit_plan(request, plan):
    the_plan = _plan_to_manage(request.user, plan)
    initial = {"title": the_plan.title, "title_en": the_plan.title_en, "period_start": the_plan.period_start,
               "period_end": the_plan.period_end,
               "coordinator": the_plan.coordinator.abbreviation if the_plan.coordinator_id else ""}
    form = PlanForm(posted(request), initial=initial, editing=True, plan=the_plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            register.edit_plan(plan=the_plan, title=data["title"], title_en=data["title_en"],
                               period_start=data["period_start"], period_end=data["period_end"],
                               coordinator=form.coordinating_ministry(), acting_user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Planen er endret."))
            return redirect("web:plan_register", plan=the_plan.slug)
    return render(request, "web/manage/plan_form.html", {"form": form, "plan": the_plan},
                  status=_status(form, request))


@login_required
def plan_register(request, plan):
    """The plan's measures, its scale and the history of changes to them."""
    the_plan = _plan_to_manage(request.user, plan)
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    measures = list(the_plan.measures.prefetch_related(Prefetch("responsibilities", queryset=shares))
                    .order_by("retired_at", "sort_key"))
    grades = list(Grade.objects.filter(scale_id=the_plan.scale_id).order_by("position"))
    changes = list(PlanChange.objects.filter(plan=the_plan).select_related("changed_by", "measure")[:50])
    return render(request, "web/manage/plan_register.html", {
        "plan": the_plan, "measures": measures, "grades": grades, "changes": changes,
        "shared_scale": Plan.objects.filter(scale_id=the_plan.scale_id).exclude(pk=the_plan.pk).exists(),
    })


@login_required
def new_measure(request, plan):
    the_plan = _plan_to_manage(request.user, plan)
    form = MeasureForm(posted(request), plan=the_plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = register.add_measure(plan=the_plan, number=data["number"], title=data["title"],
                                           plan_text=data["plan_text"], responsible=data["responsible"],
                                           acting_user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Tiltak %(number)s er lagt til.") % {"number": measure.number})
            if "another" in request.POST:
                return redirect("web:measure_new", plan=the_plan.slug)
            return redirect("web:plan_register", plan=the_plan.slug)
    return render(request, "web/manage/measure_form.html", {"form": form, "plan": the_plan, "measure": None},
                  status=_status(form, request))


@login_required
def edit_measure(request, plan, number):
    measure = _measure_to_manage(request.user, plan, number)
    form = MeasureForm(posted(request), initial=_measure_initial(measure), editing=True, plan=measure.plan,
                       current=measure.responsible_abbreviations())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            register.edit_measure(measure=measure, title=data["title"], plan_text=data["plan_text"],
                                  responsible=data["responsible"], acting_user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Tiltak %(number)s er endret.") % {"number": measure.number})
            return redirect("web:plan_register", plan=measure.plan.slug)
    return render(request, "web/manage/measure_form.html", {
        "form": form, "plan": measure.plan, "measure": measure, "renumber_form": RenumberForm(),
    }, status=_status(form, request))


@login_required
@require_POST
def renumber_measure(request, plan, number):
    measure = _measure_to_manage(request.user, plan, number)
    form = RenumberForm(request.POST)
    if form.is_valid():
        try:
            renumbered = register.renumber_measure(measure=measure, number=form.cleaned_data["number"],
                                                   acting_user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Tiltaket har fått nummer %(number)s.") % {"number": renumbered.number})
            return redirect("web:plan_register", plan=measure.plan.slug)
    measure = _measure_to_manage(request.user, plan, number)
    edit_form = MeasureForm(initial=_measure_initial(measure), editing=True, plan=measure.plan,
                            current=measure.responsible_abbreviations())
    return render(request, "web/manage/measure_form.html", {
        "form": edit_form, "plan": measure.plan, "measure": measure, "renumber_form": form,
    }, status=422)


@login_required
@require_POST
def retire_measure(request, plan, number):
    measure = _measure_to_manage(request.user, plan, number)
    try:
        register.retire_measure(measure=measure, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tiltak %(number)s er avsluttet. Det får ikke status i nye runder.")
                         % {"number": measure.number})
    return redirect("web:plan_register", plan=measure.plan.slug)


@login_required
def edit_grade(request, plan, position):
    the_plan = _plan_to_manage(request.user, plan)
    grade = get_object_or_404(Grade, scale_id=the_plan.scale_id, position=position)
    form = GradeForm(posted(request), plan=the_plan, initial={"name": grade.name, "name_en": grade.name_en,
                                                    "description": grade.description,
                                                    "description_en": grade.description_en})
    if request.method == "POST" and form.is_valid():
        try:
            register.reword_grade(plan=the_plan, grade=grade, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Statusskalaen er endret fra neste runde."))
            return redirect("web:plan_register", plan=the_plan.slug)
    return render(request, "web/manage/grade_form.html", {"form": form, "plan": the_plan, "grade": grade},
                  status=_status(form, request))
