# The throwaway PostgreSQL and Redis fixtures live in the top-level conftest.py,
# shared with the benchmarks in bench/.
