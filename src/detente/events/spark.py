"""The Spark backend: the store's events exported to Parquet, and the same Ibis index query run by
Apache Spark — local mode by default, a cluster when `DETENTE_SPARK_MASTER` (or `master=`) names
one (e.g. `spark://host:7077`, `yarn`, `k8s://…`), over Parquet any executor can read (a shared
file system, `hdfs://…`, `s3a://…`)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import ibis

from detente.core.errors import DetenteError
from detente.events.store import EventStore, NoEventData, store_path


class SparkUnavailable(RuntimeError, DetenteError):
    """PySpark or Java is missing, or the Spark master cannot be reached."""

    exit_code = 2


def spark_master() -> str:
    return os.environ.get("DETENTE_SPARK_MASTER", "local[*]")


@lru_cache(maxsize=4)
def spark_session(master: str | None = None):
    """A SparkSession (one per master, reused), in UTC, with Arrow transfers on."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the Spark backend needs PySpark: pip install 'detente[spark]'") \
            from None
    try:
        url = master or spark_master()
        builder = SparkSession.builder.master(url).appName("detente")
        if url.startswith("local"):  # small machine: few shuffle partitions, not 200
            builder = builder.config("spark.sql.shuffle.partitions", "4")
        session = (builder.config("spark.sql.session.timeZone", "UTC")
                   .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .getOrCreate())
    except Exception as exc:  # Java missing, master unreachable
        raise SparkUnavailable(f"cannot start Spark ({master or spark_master()}): "
                               f"{str(exc).splitlines()[0]}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_backend(master: str | None = None) -> ibis.BaseBackend:
    """An Ibis backend on the Spark session."""
    return ibis.pyspark.connect(spark_session(master))


def export_parquet(folder: Path, store: Path | None = None) -> Path:
    """Write the store's events to `folder` as Parquet (one file per DuckDB thread), the input
    of the Spark backend. Returns the folder."""
    path = store or store_path()
    if not path.exists():
        raise NoEventData(f"no event store at {path}")
    folder.mkdir(parents=True, exist_ok=True)
    with EventStore(path, read_only=True) as s:
        s.con.execute("COPY (SELECT * FROM events) TO $dir (FORMAT parquet, OVERWRITE_OR_IGNORE, "
                      "PER_THREAD_OUTPUT)", {"dir": str(folder)})
    return folder
