"""A minimal delivery-report receiver: python examples/dlr_receiver.py [port]

Point a send's ``dlr_callback_url`` at ``http://127.0.0.1:<port>/dlr`` (the smscx emulator
delivers reports to loopback URLs) and watch the reports arrive. Standard library only; in
a real service, use your web framework and call ``parse_delivery_reports`` on the body.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from smscx.webhooks import WebhookParseError, parse_delivery_reports


class DeliveryReportHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 1_000_000))
        try:
            batch = parse_delivery_reports(body)
        except WebhookParseError as exc:
            self.send_error(400, str(exc))
            return
        # Answer quickly; do the real work (database updates ...) after acknowledging.
        self.send_response(204)
        self.end_headers()
        for report in batch.reports:
            outcome = "delivered" if report.delivered else f"{report.status} ({report.error_code})"
            when = f"{report.at:%Y-%m-%d %H:%M:%S}"
            print(f"{report.msg_id} {outcome} at {when} track={report.track_data}")


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8099
    server = ThreadingHTTPServer(("127.0.0.1", port), DeliveryReportHandler)
    print(f"Listening for delivery reports on http://127.0.0.1:{port}/dlr")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
