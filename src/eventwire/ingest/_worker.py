"""Worker process for large HTML: reads HTML bytes on stdin, writes the extraction as JSON on stdout."""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    limit = int(os.environ.get("EVENTWIRE_WORKER_MEMORY", "0") or 0)
    if limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
    from eventwire.errors import RejectedInput
    from eventwire.ingest.html import extract_in_process

    data = sys.stdin.buffer.read().decode("utf-8", "replace")  # the parent sends UTF-8
    url = sys.argv[1] if len(sys.argv) > 1 else None
    try:
        got = extract_in_process(data, url)
    except RejectedInput as exc:
        sys.stdout.write(exc.message)
        return 3
    except MemoryError:
        sys.stdout.write("out of memory")
        return 4
    sys.stdout.write(json.dumps(got.to_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
