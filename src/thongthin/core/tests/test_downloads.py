"""Files are sent from disk a chunk at a time: through an asynchronous iterator under ASGI
(Django reads a synchronous one whole into memory there), a synchronous one under WSGI."""

from __future__ import annotations

from django.test import AsyncRequestFactory, RequestFactory

from thongthin.core.downloads import CHUNK, file_download
from thongthin.core.testing import content_of


def test_a_file_goes_out_in_chunks_under_asgi_and_wsgi(tmp_path):
    data = bytes(range(256)) * (CHUNK // 128)  # two chunks and a bit
    path = tmp_path / "f.bin"
    path.write_bytes(data + b"end")
    for factory, is_async in ((AsyncRequestFactory(), True), (RequestFactory(), False)):
        handle = open(path, "rb")  # noqa: SIM115 - the response closes it
        response = file_download(
            factory.get("/"), handle, content_type="application/pdf", filename="a.pdf",
            as_attachment=True,
        )  # fmt: skip
        assert response.is_async is is_async
        assert response["Content-Length"] == str(len(data) + 3)
        assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
        assert content_of(response) == data + b"end"
        assert handle.closed
