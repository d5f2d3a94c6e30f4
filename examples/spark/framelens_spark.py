"""framelens on Apache Spark: map every partition of a JSON Lines collection
with `framelens map`, save the parts, and merge them with `framelens reduce`.

    spark-submit examples/spark/framelens_spark.py news.jsonl spark-out \
        --source news.jsonl --partitions 64

writes the parts to spark-out/parts/ (one part-NNNNN file per partition, as
Spark saves them) and the tables of `framelens run` to spark-out/tables/:
the same bytes as `framelens run --collection news.jsonl` when every row of
news.jsonl has an id and the rows are in id order.

The lexicons are shipped to the executors with the job (SparkContext.addFile,
the programmatic `spark-submit --files`); so is the framelens binary under
--ship-framelens (a Linux build for the executors' machines), else framelens
must be installed at the same path on every machine. Shipped files land in
each executor's working directory on a cluster (tested here in local mode
only, where they land in the driver's temporary folder). Two traps of
PySpark's RDD.pipe are avoided here:

* it starts the command with an EMPTY environment unless `env=` is given:
  no PATH, no locale; so the command is an absolute path and `env=` passes
  PATH and LANG;
* it ignores a command that fails unless `checkCode=True`: without it a
  crashed `framelens map` would silently lose its partition.

`framelens map` exits 0 when a row of its partition is bad (the row is
reported on stderr and recorded in the part), so one bad row does not fail the
job: `framelens reduce` reports it again and exits 1.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys

from pyspark import SparkConf, SparkContext, SparkFiles


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("collection", help="a JSON Lines file (local path, hdfs://, s3a://, ...)")
    p.add_argument("out", help="folder for parts/ and tables/ (local: reduce runs on the driver)")
    p.add_argument("--source", default=None,
                   help="the collection's name in articles.csv (default: the file's name)")
    p.add_argument("--lexicons", default="lexicons", help="the lexicons folder (shipped)")
    p.add_argument("--framelens", default=shutil.which("framelens") or "framelens",
                   help="the framelens binary, at this path on every machine")
    p.add_argument("--ship-framelens", action="store_true",
                   help="ship the framelens binary with the job instead of using it in place")
    p.add_argument("--partitions", type=int, default=None,
                   help="at least this many partitions (default: Spark's choice)")
    p.add_argument("--map-args", default="",
                   help="more options for map, e.g. '--text-col body --hits none'")
    p.add_argument("--reduce-args", default="",
                   help="more options for reduce, e.g. '--period week --hits none'")
    a = p.parse_args()

    framelens = os.path.abspath(a.framelens) if os.sep in a.framelens else a.framelens
    source = a.source or os.path.basename(a.collection.rstrip("/"))
    lexicons = os.path.abspath(a.lexicons)
    out = os.path.abspath(a.out)
    parts = os.path.join(out, "parts")
    tables = os.path.join(out, "tables")
    if os.path.exists(parts):
        sys.exit(f"{parts} exists: Spark does not overwrite it; remove it or choose another folder")

    sc = SparkContext(conf=SparkConf().setAppName("framelens"))
    # ship the lexicons folder to every executor
    sc.addFile(lexicons, recursive=True)
    name = os.path.basename(lexicons)
    # where the executors find it: their working directory on a cluster;
    # in local mode the executor is this process, which keeps shipped files
    # in its own temporary folder
    root = SparkFiles.getRootDirectory() if sc.master.startswith("local") else "."
    shipped = os.path.join(root, name)
    mapper = framelens
    if a.ship_framelens:
        binary = shutil.which(framelens) or framelens
        sc.addFile(binary)  # Spark makes shipped files executable
        mapper = os.path.join(root, os.path.basename(binary))

    command = " ".join(
        [shlex.quote(mapper), "map", "--lexicons", shlex.quote(shipped),
         "--source", shlex.quote(source)] + shlex.split(a.map_args)
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    rows = sc.textFile(a.collection, minPartitions=a.partitions)
    rows.pipe(command, env=env, checkCode=True).saveAsTextFile(parts)
    sc.stop()

    # the reduce: on the driver, over the saved parts (a folder of part-*)
    # (the lexicons as given: report.html and run.json name them so)
    reduce = [framelens, "reduce", parts, "--lexicons", a.lexicons, "--out", tables]
    reduce += shlex.split(a.reduce_args)
    status = subprocess.run(reduce).returncode
    # 0: tables written; 1: tables written, some rows were bad (see above)
    sys.exit(status)


if __name__ == "__main__":
    main()
