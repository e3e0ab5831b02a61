"""The web server `make run` starts (through rundev): Django's development server, static files and
all, sending each response without Nagle's delay."""

import socket

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.servers.basehttp import WSGIServer


class NoDelayWSGIServer(WSGIServer):
    """Django's development server writes a response's headers and its body as separate small
    packets. With Nagle's algorithm on, the body waits for the browser's delayed acknowledgement of
    the headers: up to 40 ms a page, twice for a form that redirects (measured in Chromium on the test
    suite's live server, which is the same server: 42 to 46 ms on a request's page). Gunicorn, which
    serves production, turns the algorithm off on its sockets too."""

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class Command(RunserverCommand):
    help = "Django's runserver, answering without Nagle's delay (NoDelayWSGIServer)."
    server_cls = NoDelayWSGIServer
