"""A web worker keeps what it loads at start-up out of the garbage collector's full sweeps
(hub/wsgi.py, decision 0028): under a submission's load each full sweep of it took about 200 ms."""

from tests.helpers import printed_by_a_fresh_interpreter


def test_a_web_worker_starts_with_its_loaded_code_frozen_out_of_full_collections(tmp_path) -> None:
    script = "import gc, hub.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    frozen, still_watched = map(int, printed_by_a_fresh_interpreter(script, tmp_path)[-2:])
    assert frozen > 100_000 and still_watched < frozen / 10, (frozen, still_watched)
