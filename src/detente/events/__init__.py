"""Event data: GDELT 1.0/2.0, ICEWS, PLOVER, POLECAT, WEIS files and coded text ingested
losslessly into an embedded DuckDB store, dyadic cooperation–conflict indices, change points,
GDELT downloads and a Spark backend.

    layouts/       what each file layout looks like and how it maps onto `schema`; `detect`
    schema.py      the one event schema
    inputs.py      hashing, line counting, unpacking of an input file
    load/          one file into the store in one transaction: `load_file` (the dispatch),
                   the staging and the single-pass (direct) loaders
    schedule.py    several files: preparing ahead, loading side by side, committing in order
    ingest.py      the public API: ingest, ingest_each, FileResult
    store.py       the DuckDB store; snapshot.py: readers go on while a writer works
    index.py       the dyadic index (one Ibis query for DuckDB and Spark); query.py: event_index
    changepoints.py, cameo.py, pull.py (GDELT 2.0 downloads), spark.py, weis.py (WEIS in one call)

Imports point down: events uses detente.core and detente.datasets only.
"""
