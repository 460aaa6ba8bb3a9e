"""Being written by a helper this session."""

from django.http import HttpResponse


def document_request(request, *args, **kwargs):
    return HttpResponse(status=501)


def document_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def document_download(request, *args, **kwargs):
    return HttpResponse(status=501)


def rollup_export(request, *args, **kwargs):
    return HttpResponse(status=501)
