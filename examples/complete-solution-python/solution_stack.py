"""The complete solution of the implementation guide in one stack, in Python: the same stack as
examples/complete-solution/solution-stack.ts, with the same inputs and outputs."""
from typing import Optional, Sequence

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from cdk_engagement_events_database import (
    AnalyticsWorkgroup,
    EventsDatabase,
    PinpointEventStream,
    SesConfigSetDestination,
    SmsVoiceEventDestination,
)


class CompleteSolutionStack(Stack):
    """The database and its views, the reference analyses in an Athena workgroup, and every source the guide
    connects (a Pinpoint project, SES configuration sets), plus End User Messaging SMS and voice.

    Every input is optional: without ``pinpoint_project_id`` or ``pinpoint_project_name`` there is no Pinpoint
    project (Amazon Pinpoint reached end of support on 2026-10-30); without
    ``sms_voice_configuration_set_name`` an SMS and voice configuration set is created.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        pinpoint_project_id: Optional[str] = None,
        pinpoint_project_name: Optional[str] = None,
        ses_configuration_set_names: Sequence[str] = (),
        sms_voice_configuration_set_name: Optional[str] = None,
        database_name: Optional[str] = None,
        **kwargs,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)

        self.database = EventsDatabase(self, "EventsDatabase", database_name=database_name)
        AnalyticsWorkgroup(self, "Analytics", database=self.database)

        # The guide's outputs, so that more projects and configuration sets can be connected later.
        CfnOutput(self, "EventsBucketName", value=self.database.bucket.bucket_name)
        CfnOutput(self, "DatabaseName", value=self.database.database_name)
        CfnOutput(self, "DeliveryStreamName", value=self.database.delivery_stream.delivery_stream_name)

        if pinpoint_project_id or pinpoint_project_name:
            pinpoint = PinpointEventStream(
                self,
                "PinpointEvents",
                database=self.database,
                application_id=pinpoint_project_id,
                application_name=pinpoint_project_name,
            )
            CfnOutput(self, "PinpointProjectId", value=pinpoint.application_id)
            CfnOutput(self, "PinpointProjectArn", value=pinpoint.application_arn)
            CfnOutput(self, "PinpointStreamRoleName", value=pinpoint.role.role_name)

        for configuration_set_name in ses_configuration_set_names:
            SesConfigSetDestination(
                self, f"Ses-{configuration_set_name}", database=self.database, configuration_set_name=configuration_set_name
            )

        sms = SmsVoiceEventDestination(
            self, "SmsVoiceEvents", database=self.database, configuration_set_name=sms_voice_configuration_set_name
        )
        CfnOutput(self, "SmsVoiceConfigurationSetName", value=sms.configuration_set_name)


def props_from_context(node) -> dict:
    """Reads the inputs from CDK context (``cdk deploy -c key=value``), the way the guide's template took parameters."""

    def text(key: str) -> Optional[str]:
        value = node.try_get_context(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    sets = text("sesConfigurationSets")
    return {
        "pinpoint_project_id": text("pinpointProjectId"),
        "pinpoint_project_name": text("pinpointProjectName"),
        "ses_configuration_set_names": [name.strip() for name in sets.split(",") if name.strip()] if sets else [],
        "sms_voice_configuration_set_name": text("smsVoiceConfigurationSet"),
        "database_name": text("databaseName"),
    }
