from urllib.parse import urlsplit, urlunsplit

from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = SafeExceptionReporterFilter.cleansed_substitute
# Request metadata that can carry what a family typed (query strings, referrers).
HIDDEN_META = {"QUERY_STRING", "RAW_URI", "REQUEST_URI", "HTTP_REFERER"}


class FamilyDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports keep the traceback but no submitted values or local variables."""

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        # Only a body already parsed: parsing it here could raise again (a
        # charset Django refuses) and would read what the view never read.
        post = getattr(request, "_post", None)
        if post is None:
            return {}
        return {key: HIDDEN for key in post}

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: HIDDEN if key in HIDDEN_META else value for key, value in meta.items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, HIDDEN) for name in tb_frame.f_locals]


class FamilyDataExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        unparsed = self.request is not None and not hasattr(self.request, "_files")
        if unparsed:
            # Django's report lists request.FILES, which would parse the body.
            self.request._files = MultiValueDict()
        try:
            data = super().get_traceback_data()
        finally:
            if unparsed:
                del self.request._files
        if self.request is not None:
            data["request_GET_items"] = [(key, HIDDEN) for key in self.request.GET]
            files = getattr(self.request, "_files", {})
            data["request_FILES_items"] = [(key, HIDDEN) for key in files]
            uri = urlsplit(data.get("request_insecure_uri", ""))
            data["request_insecure_uri"] = urlunsplit(uri._replace(query=""))
        return data
