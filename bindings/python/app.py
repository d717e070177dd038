"""A CDK app written in Python against the library's Python package.

It uses the library the way a Python user would: props as keyword arguments, enum-like classes with static
factories (EventsBucket, PartitionStrategy, SesEventRoute), aws-cdk-lib values (Duration, a KMS key) passed into
the constructs, an interface (IEventsDatabase) handed from one construct to another, and a static import. `python app.py OUTDIR` writes the cloud assembly to OUTDIR
(default: cdk.out); bindings/check_template.py then checks the template.
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ses as ses

from cdk_engagement_events_database import (
    AnalyticsWorkgroup,
    DashboardDataMode,
    EngagementDashboard,
    EventsBucket,
    EventsDatabase,
    PartitionStrategy,
    PinpointEventStream,
    SesConfigSetDestination,
    SesEventRoute,
    SmsVoiceEventDestination,
    SpiceRefreshInterval,
    WhatsAppEventSource,
)


def build(app: cdk.App) -> cdk.Stack:
    stack = cdk.Stack(app, "EngagementEventsBindingCheck")
    key = kms.Key(stack, "EventsKey", enable_key_rotation=True)

    database = EventsDatabase(
        stack,
        "Events",
        database_name="engagement_events_binding",
        bucket=EventsBucket.create(encryption_key=key, retention=cdk.Duration.days(400)),
        partition_strategy=PartitionStrategy.projected(),
        buffering_interval=cdk.Duration.seconds(120),
        create_alarms=True,
    )

    # Event sources, one line each.
    PinpointEventStream(stack, "Pinpoint", database=database, application_name="engagement-events-binding")
    SesConfigSetDestination(stack, "Email", database=database, configuration_set_name="engagement-events-binding", route=SesEventRoute.direct(), event_types=[ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT])
    SmsVoiceEventDestination(stack, "Sms", database=database, matching_event_types=["TEXT_ALL", "VOICE_ALL", "RCS_ALL"])
    WhatsAppEventSource(stack, "WhatsApp", database=database)

    workgroup = AnalyticsWorkgroup(
        stack,
        "Analytics",
        database=database,
        work_group_name="engagement-events-binding",
        bytes_scanned_cutoff_per_query=1_000_000_000,
    )
    EngagementDashboard(
        stack,
        "Dashboard",
        database=database,
        workgroup=workgroup,
        viewers=["arn:aws:quicksight:eu-west-1:111122223333:group/default/marketing"],
        data_mode=DashboardDataMode.SPICE,
        spice_refresh_interval=SpiceRefreshInterval.HOURLY,
        period=cdk.Duration.days(30),
    )

    # Values read back through the bindings become outputs, so the checker sees what Python received.
    imported = EventsDatabase.from_events_database_attributes(
        stack,
        "Imported",
        database_name=database.database_name,
        bucket=database.bucket,
        delivery_stream=database.delivery_stream,
    )
    cdk.CfnOutput(stack, "ImportedTableName", value=imported.table_name)
    cdk.CfnOutput(stack, "ViewNames", value=",".join(database.views.view_names))
    return stack


def main() -> None:
    outdir = sys.argv[1] if len(sys.argv) > 1 else "cdk.out"
    app = cdk.App(outdir=outdir)
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
