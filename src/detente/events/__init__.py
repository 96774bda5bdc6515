"""Event data: GDELT 1.0/2.0, ICEWS and PLOVER files ingested losslessly into an embedded DuckDB
store, dyadic cooperation–conflict indices, change points, downloads and a Spark backend."""
