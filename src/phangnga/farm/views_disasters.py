"""Farmbook's disaster pages for agriculture officers: declared events, the plots to assess,
the assessment form, the eligible households and their compensation (print, PDF, Excel)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from phangnga.core import roles
from phangnga.core.audit import Actor, record
from phangnga.core.decorators import role_required
from phangnga.core.thai import m2_to_rai_ngan_wah

from . import access, disasters, export, forms, subdistricts
from .models import Disaster
from .views import run_form


@role_required(roles.AGRICULTURE_OFFICER)
def disaster_list(request):
    district = access.officer_district(request.user)
    form = forms.DisasterForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        event = run_form(form, lambda: disasters.declare(Actor.of(request), **form.cleaned_data))
        if event:
            return redirect("farm:disaster", event.pk)
    return render(request, "farm/disasters.html", {"form": form, "events": Disaster.objects.all()[:100]})


def _tambon_label(t: str) -> str:
    district, _sep, sub = t.partition("/")
    return subdistricts.name(district, sub)


def _eligible(request, pk: int):
    event = get_object_or_404(Disaster, pk=pk)
    body = disasters.eligible_payload(
        event, access.households_for(request.user), include_ineligible=request.GET.get("all") == "1"
    )
    record(request, "read", event, summary=f"eligible list: {body['totals']['households']} households")
    return event, body


@role_required(roles.AGRICULTURE_OFFICER)
def disaster(request, pk: int):
    event, body = _eligible(request, pk)
    return render(
        request,
        "farm/disaster.html",
        {
            "event": event,
            "body": body,
            "reasons": disasters.REASONS,
            "groups": disasters.GROUP_LABELS,
            "show_all": request.GET.get("all") == "1",
            "tambons": [_tambon_label(t) for t in event.subdistricts or []],
        },
    )


@role_required(roles.AGRICULTURE_OFFICER)
def disaster_assess(request, pk: int):
    """The officer's phone page: each plot lying in the declared area, its standing crop, and a
    form for the damaged area (rai-ngan-wah) and whether the loss is total."""
    event = get_object_or_404(Disaster, pk=pk)
    scope = access.households_for(request.user)
    q = request.GET.get("q", "").strip()
    show = request.GET.get("show", "todo")
    failed = None
    if request.method == "POST":
        form = forms.AssessmentForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            plot = access.plot_for(request.user, d["plot_id"])

            def save():
                m2 = disasters.damaged_m2_from(rai=d["rai"], ngan=d["ngan"], wah=d["wah"])
                return disasters.record_assessment(
                    Actor.of(request),
                    event,
                    plot,
                    damaged_m2=m2,
                    total_loss=d["total_loss"],
                    cycle_id=d["cycle_id"],
                    cap_priority=d["cap_priority"],
                    note=d["note"],
                )

            if run_form(form, save):
                messages.success(request, _("Assessment saved: %(plot)s") % {"plot": plot.name})
                return redirect(f"{request.path}?show={show}&q={q}#plot-{plot.pk}")
        failed = form
    rows = []
    for plot, standing, share, a in disasters.assessable_plots(event, scope):
        h = plot.household
        if q and q.lower() not in f"{h.code} {h.head_name} {h.village}".lower():
            continue
        if show == "todo" and a is not None:
            continue
        if show == "done" and a is None:
            continue
        posted = failed is not None and str(failed.data.get("plot_id")) == str(plot.pk)
        if posted:
            form = failed
        else:
            rai, ngan, wah = m2_to_rai_ngan_wah(a.damaged_m2) if a else (None, None, None)
            cycle = standing[0] if standing else None
            form = forms.AssessmentForm(
                initial={
                    "plot_id": plot.pk,
                    "cycle_id": a.cycle_id if a and a.cycle_id else (cycle.pk if cycle else None),
                    "rai": rai,
                    "ngan": ngan,
                    "wah": wah,
                    "total_loss": a.total_loss if a else False,
                    "cap_priority": a.cap_priority if a else None,
                    "note": a.note if a else "",
                }
            )
        rows.append({"plot": plot, "standing": standing, "share": share, "a": a, "form": form})
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    counts = {"rows": len(rows)}
    return render(
        request,
        "farm/disaster_assess.html",
        {"event": event, "page": page, "q": q, "show": show, "counts": counts},
    )


@role_required(roles.AGRICULTURE_OFFICER)
def disaster_print(request, pk: int):
    event, body = _eligible(request, pk)
    return render(
        request, "farm/disaster_print.html", {"event": event, "body": body, "groups": disasters.GROUP_LABELS}
    )


@role_required(roles.AGRICULTURE_OFFICER)
def disaster_pdf(request, pk: int):
    """The compensation list as a PDF in Thai (farm/compensation_pdf.py), the same rows as the print page."""
    from . import compensation_pdf

    event, body = _eligible(request, pk)
    response = HttpResponse(
        compensation_pdf.render(event, body, disasters.GROUP_LABELS), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="compensation-{event.pk}.pdf"'
    return response


@role_required(roles.AGRICULTURE_OFFICER)
def disaster_xlsx(request, pk: int):
    event, body = _eligible(request, pk)
    data = export.eligible_workbook(event, body)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="compensation-{event.pk}-{event.started_on}.xlsx"'
    )
    return response
