"""Checks the template a binding app synthesized against bindings/expected.json.

Usage: check_template.py LANGUAGE CLOUD_ASSEMBLY_DIR

Every expectation is a value the app passed through the language binding (a string, a number, an enum member,
a Duration, a KMS key, an interface handed between constructs) or read back from it (outputs), so a value lost or
mangled on the way between the language and the library's JavaScript shows up here. Standard library only.
"""
import json
import sys
from pathlib import Path

EXPECTED = json.loads((Path(__file__).parent / "expected.json").read_text())


def includes(actual, expected) -> bool:
    """True when `actual` has every key of `expected` with an including value; lists match item by item."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and includes(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(includes(a, e) for a, e in zip(actual, expected)))
    return actual == expected


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    language, outdir = sys.argv[1], Path(sys.argv[2])
    template_file = outdir / f"{EXPECTED['stackName']}.template.json"
    if not template_file.is_file():
        print(f"{language}: FAILED: no template {template_file}: the app did not synthesize stack {EXPECTED['stackName']}")
        return 1
    template = json.loads(template_file.read_text())
    resources = template.get("Resources", {})
    outputs = template.get("Outputs", {})

    def of_type(resource_type):
        return [r.get("Properties", {}) for r in resources.values() if r["Type"] == resource_type]

    results = []

    def check(description, ok, actual):
        results.append((description, bool(ok), actual))

    streams = of_type("AWS::KinesisFirehose::DeliveryStream")
    check("one Firehose delivery stream", len(streams) == 1, f"{len(streams)} delivery streams")
    s3_destination = streams[0].get("ExtendedS3DestinationConfiguration", {}) if streams else {}
    interval = s3_destination.get("BufferingHints", {}).get("IntervalInSeconds")
    check(f"buffering interval {EXPECTED['bufferingIntervalSeconds']} s (a Duration)",
          interval == EXPECTED["bufferingIntervalSeconds"], interval)
    conversion = s3_destination.get("DataFormatConversionConfiguration", {}).get("Enabled")
    check("record format conversion to Parquet enabled", conversion is True, conversion)
    check("delivery stream writes with the app's KMS key",
          "KMSEncryptionConfig" in s3_destination.get("EncryptionConfiguration", {}),
          s3_destination.get("EncryptionConfiguration"))

    database_names = [d.get("DatabaseInput", {}).get("Name") for d in of_type("AWS::Glue::Database")]
    check(f"Glue database named {EXPECTED['databaseName']}", database_names == [EXPECTED["databaseName"]],
          database_names)

    tables = {t.get("TableInput", {}).get("Name"): t.get("TableInput", {}) for t in of_type("AWS::Glue::Table")}
    # With projected partitions the events are in a table of their own, and `all_events` is a view over it.
    check(f"Glue view {EXPECTED['tableName']} over the projected table",
          tables.get(EXPECTED["tableName"], {}).get("TableType") == "VIRTUAL_VIEW", sorted(n for n in tables if n))
    events_table = tables.get(EXPECTED["projectedTableName"])
    check(f"Glue table {EXPECTED['projectedTableName']}", events_table is not None, sorted(n for n in tables if n))
    events_table = events_table or {}
    partition_keys = [k.get("Name") for k in events_table.get("PartitionKeys", [])]
    check(f"partitioned by {EXPECTED['partitionKey']}", partition_keys == [EXPECTED["partitionKey"]], partition_keys)
    projection = events_table.get("Parameters", {}).get("projection.enabled")
    check("partition projection on (PartitionStrategy.projected())", projection == "true", projection)

    encrypted_with_key = [
        b for b in of_type("AWS::S3::Bucket")
        for rule in b.get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration", [])
        if rule.get("ServerSideEncryptionByDefault", {}).get("SSEAlgorithm") == "aws:kms"
    ]
    check("events bucket encrypted with the app's KMS key", len(encrypted_with_key) == 1, len(encrypted_with_key))
    expirations = [
        rule.get("ExpirationInDays") for b in encrypted_with_key
        for rule in b.get("LifecycleConfiguration", {}).get("Rules", []) if "ExpirationInDays" in rule
    ]
    check(f"events expire after {EXPECTED['eventRetentionDays']} days (a Duration)",
          EXPECTED["eventRetentionDays"] in expirations, expirations)

    alarms = of_type("AWS::CloudWatch::Alarm")
    check("alarms created (createAlarms)", len(alarms) > 0, f"{len(alarms)} alarms")

    workgroups = of_type("AWS::Athena::WorkGroup")
    names = [w.get("Name") for w in workgroups]
    check(f"Athena workgroup {EXPECTED['workGroupName']}", names == [EXPECTED["workGroupName"]], names)
    cutoff = workgroups[0].get("WorkGroupConfiguration", {}).get("BytesScannedCutoffPerQuery") if workgroups else None
    check(f"bytes scanned cutoff {EXPECTED['bytesScannedCutoffPerQuery']} (a number)",
          cutoff == EXPECTED["bytesScannedCutoffPerQuery"], cutoff)

    imported = outputs.get("ImportedTableName", {}).get("Value")
    check(f"fromEventsDatabaseAttributes(...).tableName is {EXPECTED['tableName']}",
          imported == EXPECTED["tableName"], imported)
    view_names = [n for n in outputs.get("ViewNames", {}).get("Value", "").split(",") if n]
    missing_views = [v for v in EXPECTED["views"] if v not in view_names]
    check("views listed by views.viewNames include " + ", ".join(EXPECTED["views"]), not missing_views, view_names)
    not_in_template = [v for v in view_names
                       if tables.get(v, {}).get("TableType") != "VIRTUAL_VIEW"]
    check("every listed view is a Glue view in the template", view_names and not not_in_template, not_in_template)

    dashboard = EXPECTED["dashboard"]
    sources = of_type("AWS::QuickSight::DataSource")
    source_workgroups = [s.get("DataSourceParameters", {}).get("AthenaParameters", {}).get("WorkGroup") for s in sources]
    check(f"QuickSight data source on workgroup {EXPECTED['workGroupName']} (a construct passed to the dashboard)",
          source_workgroups == [EXPECTED["workGroupName"]], source_workgroups)
    data_sets = of_type("AWS::QuickSight::DataSet")
    import_modes = sorted({d.get("ImportMode") for d in data_sets})
    check(f"datasets in {dashboard['importMode']} (an enum)", data_sets and import_modes == [dashboard["importMode"]], import_modes)
    period = f"INTERVAL '{dashboard['periodDays']}' DAY"
    check(f"datasets read the last {dashboard['periodDays']} days (a Duration)",
          data_sets and all(period in json.dumps(d.get("PhysicalTableMap")) for d in data_sets), period)
    intervals = [r.get("Schedule", {}).get("ScheduleFrequency", {}).get("Interval") for r in of_type("AWS::QuickSight::RefreshSchedule")]
    check(f"one {dashboard['refreshInterval']} refresh schedule per dataset (an enum)",
          len(intervals) == len(data_sets) and set(intervals) == {dashboard["refreshInterval"]}, intervals)
    dashboards = of_type("AWS::QuickSight::Dashboard")
    principals = [p.get("Principal") for d in dashboards for p in d.get("Permissions", [])]
    check("dashboard shared with the viewer (a list of strings)", principals == [dashboard["viewer"]], principals)
    sheets = [s.get("Name") for d in dashboards for s in d.get("Definition", {}).get("Sheets", [])]
    check("dashboard sheets " + ", ".join(dashboard["sheets"]), sheets == dashboard["sheets"], sheets)

    for source in EXPECTED["sourceResources"]:
        candidates = of_type(source["type"])
        check(f"event source resource {source['type']} with {json.dumps(source['properties'])}",
              any(includes(c, source["properties"]) for c in candidates), candidates or "none of that type")

    failed = [r for r in results if not r[1]]
    for description, ok, actual in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {description}" + ("" if ok else f" (found: {actual})"))
    print(f"{language}: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
