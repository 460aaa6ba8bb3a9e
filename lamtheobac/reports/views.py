"""Being written by a helper this session."""

from django.http import HttpResponse


def report_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_start(request, *args, **kwargs):
    return HttpResponse(status=501)


def approve_many(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_redraft(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_submit(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_return(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_approve(request, *args, **kwargs):
    return HttpResponse(status=501)


def report_reopen(request, *args, **kwargs):
    return HttpResponse(status=501)


def rollup_page(request, *args, **kwargs):
    return HttpResponse(status=501)


def completeness_page(request, *args, **kwargs):
    return HttpResponse(status=501)


def completeness_remind(request, *args, **kwargs):
    return HttpResponse(status=501)


def obligation_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def obligation_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def obligation_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def obligation_remove(request, *args, **kwargs):
    return HttpResponse(status=501)


def period_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def period_create(request, *args, **kwargs):
    return HttpResponse(status=501)
