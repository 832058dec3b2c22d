"""A mail service that several processes share: each email it takes becomes a file in the
folder ``RECORDED_EMAILS_DIR`` names (one file per email, written whole), so a test can
count what every worker sent, even a worker it killed.

The email is taken first, then the answer comes back after ``RECORDED_EMAILS_ANSWER_SECONDS``,
as a real service's answer does: a worker killed then has handed the email over without
hearing back.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

FOLDER_VARIABLE = "RECORDED_EMAILS_DIR"
ANSWER_VARIABLE = "RECORDED_EMAILS_ANSWER_SECONDS"


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ[FOLDER_VARIABLE])
        answer = float(os.environ.get(ANSWER_VARIABLE, "0"))
        for message in email_messages:
            record = {"to": message.to, "subject": message.subject, "pid": os.getpid()}
            record["at"] = time.time()
            name = uuid.uuid4().hex
            (folder / f"{name}.part").write_text(json.dumps(record))
            os.replace(folder / f"{name}.part", folder / f"{name}.json")  # whole, or not at all
            time.sleep(answer)
        return len(email_messages)


def recorded(folder: Path) -> list[dict]:
    """Every email taken so far, oldest first."""
    records = [json.loads(path.read_text()) for path in folder.glob("*.json")]
    return sorted(records, key=lambda record: record["at"])
