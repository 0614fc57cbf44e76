"""How requests reach the emulator's routes: the ASGI app (:mod:`.app`) and its route table
(:mod:`.router`), who may call (:mod:`.access`), faults on command (:mod:`.faults`), the
in-process transport (:mod:`.in_process`), the loopback socket server
(:mod:`.socket_server`), and the OpenAPI document derived from the routes' models
(:mod:`.openapi`)."""
