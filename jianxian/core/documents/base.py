"""What the document checks share: the refusal and the chunk size for reading."""

from __future__ import annotations

from jianxian.core.uploads import UploadRejected

READ_CHUNK = 64 * 1024


class DocumentRejected(UploadRejected):
    """The upload is not an acceptable document; the message says why (HTTP 400)."""
