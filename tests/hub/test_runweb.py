"""`make run`'s web server (rundev starts `manage.py runweb`) answers without Nagle's delay."""

import socket

from django.contrib.staticfiles.management.commands.runserver import Command as StaticRunserver
from django.core.servers.basehttp import WSGIRequestHandler

from hub.management.commands.rundev import processes_to_run
from hub.management.commands.runweb import Command, NoDelayWSGIServer


def test_the_demo_web_server_sends_a_response_without_waiting_for_the_browser_to_acknowledge_its_headers() -> None:
    server = NoDelayWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    client = socket.create_connection(server.server_address[:2])
    try:
        accepted, _ = server.get_request()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        client.close()
        server.server_close()


def test_make_run_serves_through_runweb_which_is_djangos_runserver_with_static_files_and_that_server() -> None:
    web = processes_to_run("127.0.0.1:8000")["web"]
    assert web[1:4] == ["manage.py", "runweb", "127.0.0.1:8000"]
    assert issubclass(Command, StaticRunserver)
    assert Command.server_cls is NoDelayWSGIServer
