import copy

from requests_app.api.serializers import EXAMPLE


def payload(**changes) -> dict:
    data = copy.deepcopy(EXAMPLE)
    for dotted, value in changes.items():
        target = data
        *path, last = dotted.split("__")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return data
