"""Real mail servers for the mailbox tests: pymap (IMAP, in-memory) in a subprocess, aiosmtpd (SMTP) in a thread."""

import datetime as dt
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from imapclient import IMAPClient

USER, PASSWORD = "support@callnex.nl", "imap-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ImapServer:
    """A pymap server with the dict (in-memory) backend, one user, reachable at `url`."""

    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"imap://support%40callnex.nl:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.normalise_times = False
        client.login(USER, PASSWORD)
        return client

    def deliver(self, raw: bytes, *, received_at: dt.datetime | None = None, folder: str = "INBOX") -> None:
        """Deliver a message as the mail server would, with its INTERNALDATE."""
        with self.client() as client:
            client.append(folder, raw, msg_time=received_at or dt.datetime.now(dt.UTC))

    def count(self, folder: str) -> int:
        with self.client() as client:
            if not client.folder_exists(folder):
                return 0
            return len(client.select_folder(folder) and client.search("ALL"))

    def clear(self) -> None:
        with self.client() as client:
            for _, _, name in client.list_folders():
                client.select_folder(name)
                uids = client.search("ALL")
                if uids:
                    client.delete_messages(uids)
                    client.expunge()


def start_imap() -> ImapServer:
    port = free_port()
    pymap = Path(sys.executable).with_name("pymap")
    command = [str(pymap), "--host", "127.0.0.1", "--port", str(port), "--no-service", "managesieve",
               "--no-service", "admin", "dict", "--demo-user", USER, "--demo-password", PASSWORD]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return ImapServer(port=port, process=process)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("pymap did not start")


@dataclass
class SmtpSink:
    """Messages received by the aiosmtpd server."""

    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def start_smtp() -> tuple[Controller, SmtpSink]:
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, sink
