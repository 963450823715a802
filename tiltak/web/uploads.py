"""An upload handler that stops storing a file as soon as it passes the size limit.

Django streams every upload to memory or a temporary file before the view runs; without this, a 5 GB upload
would be written to disk in full only to be refused. The handler skips the file at the first chunk past the
limit (the rest of the request is read and thrown away) and remembers which field it skipped, so the form can
say why the file is missing.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUpload(FileUploadHandler):
    def __init__(self, request, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.skipped: set[str] = set()

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if content_length is not None and content_length > self.max_bytes:
            self.skipped.add(field_name)
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.skipped.add(self.field_name)
            raise SkipFile
        return raw_data  # on to the handler that stores it

    def file_complete(self, file_size):
        return None  # the storing handler after this one makes the file
