from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator for a list whose length the page has already counted (the queue counts
    every tab in one aggregate), so paging it costs no second COUNT over the same rows."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its answer
