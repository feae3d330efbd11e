from urllib.parse import urlsplit, urlunsplit

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = SafeExceptionReporterFilter.cleansed_substitute
# Request metadata that can carry what a family typed (query strings, referrers).
HIDDEN_META = {"QUERY_STRING", "RAW_URI", "REQUEST_URI", "HTTP_REFERER"}


class FamilyDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports keep the traceback but no submitted values or local variables."""

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: HIDDEN for key in request.POST}

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: HIDDEN if key in HIDDEN_META else value for key, value in meta.items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, HIDDEN) for name in tb_frame.f_locals]


class FamilyDataExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [(key, HIDDEN) for key in self.request.GET]
            data["request_FILES_items"] = [(key, HIDDEN) for key in self.request.FILES]
            uri = urlsplit(data.get("request_insecure_uri", ""))
            data["request_insecure_uri"] = urlunsplit(uri._replace(query=""))
        return data
