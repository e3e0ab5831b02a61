"""The request's state machine: its states and outcomes (states.py), the guarded
transitions (machine.py) and the one adapter that reads django-fsm-2 (fsm.py).
It imports no other app of ours: the request model inherits the machine, and
the hub's services drive it."""
