"""Being written by a helper this session."""

from django.http import HttpResponse


def dashboard(request, *args, **kwargs):
    return HttpResponse(status=501)


def drill(request, *args, **kwargs):
    return HttpResponse(status=501)
