package io.github.engagementevents.bindings;

import io.github.engagementevents.cdk.AnalyticsWorkgroup;
import io.github.engagementevents.cdk.DashboardDataMode;
import io.github.engagementevents.cdk.EngagementDashboard;
import io.github.engagementevents.cdk.EventsBucket;
import io.github.engagementevents.cdk.EventsBucketOptions;
import io.github.engagementevents.cdk.EventsDatabase;
import io.github.engagementevents.cdk.EventsDatabaseAttributes;
import io.github.engagementevents.cdk.IEventsDatabase;
import io.github.engagementevents.cdk.PartitionStrategy;
import io.github.engagementevents.cdk.PinpointEventStream;
import io.github.engagementevents.cdk.SesConfigSetDestination;
import io.github.engagementevents.cdk.SesEventRoute;
import io.github.engagementevents.cdk.SmsVoiceEventDestination;
import io.github.engagementevents.cdk.SpiceRefreshInterval;
import io.github.engagementevents.cdk.WhatsAppEventSource;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.ses.EmailSendingEvent;

/**
 * A CDK app written in Java against the library's Java package. It uses the library the way a Java user
 * would: builders, enum-like classes with static factories (EventsBucket, PartitionStrategy, SesEventRoute),
 * aws-cdk-lib values (Duration, a KMS key) passed into the constructs, an interface (IEventsDatabase) handed from
 * one construct to another, and a static import. The stack and its
 * values are the ones bindings/expected.json describes.
 */
public final class Main {
    /** Name of the stack, and so of its template file in the cloud assembly. */
    public static final String STACK_NAME = "EngagementEventsBindingCheck";

    private Main() {
    }

    /** Adds the checked stack to {@code app}. */
    public static Stack build(final App app) {
        Stack stack = new Stack(app, STACK_NAME);
        Key key = Key.Builder.create(stack, "EventsKey").enableKeyRotation(true).build();

        EventsDatabase database = EventsDatabase.Builder.create(stack, "Events")
                .databaseName("engagement_events_binding")
                .bucket(EventsBucket.create(EventsBucketOptions.builder()
                        .encryptionKey(key)
                        .retention(Duration.days(400))
                        .build()))
                .partitionStrategy(PartitionStrategy.projected())
                .bufferingInterval(Duration.seconds(120))
                .createAlarms(true)
                .build();

        // Event sources, one line each.
        PinpointEventStream.Builder.create(stack, "Pinpoint").database(database).applicationName("engagement-events-binding").build();
        SesConfigSetDestination.Builder.create(stack, "Email").database(database).configurationSetName("engagement-events-binding").route(SesEventRoute.direct()).eventTypes(List.of(EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT)).build();
        SmsVoiceEventDestination.Builder.create(stack, "Sms").database(database).matchingEventTypes(List.of("TEXT_ALL", "VOICE_ALL", "RCS_ALL")).build();
        WhatsAppEventSource.Builder.create(stack, "WhatsApp").database(database).build();

        AnalyticsWorkgroup workgroup = AnalyticsWorkgroup.Builder.create(stack, "Analytics")
                .database(database)
                .workGroupName("engagement-events-binding")
                .bytesScannedCutoffPerQuery(1_000_000_000)
                .build();
        EngagementDashboard.Builder.create(stack, "Dashboard")
                .database(database)
                .workgroup(workgroup)
                .viewers(List.of("arn:aws:quicksight:eu-west-1:111122223333:group/default/marketing"))
                .dataMode(DashboardDataMode.SPICE)
                .spiceRefreshInterval(SpiceRefreshInterval.HOURLY)
                .period(Duration.days(30))
                .build();

        // Values read back through the bindings become outputs, so the checker sees what Java received.
        IEventsDatabase imported = EventsDatabase.fromEventsDatabaseAttributes(stack, "Imported",
                EventsDatabaseAttributes.builder()
                        .databaseName(database.getDatabaseName())
                        .bucket(database.getBucket())
                        .deliveryStream(database.getDeliveryStream())
                        .build());
        CfnOutput.Builder.create(stack, "ImportedTableName").value(imported.getTableName()).build();
        CfnOutput.Builder.create(stack, "ViewNames")
                .value(String.join(",", database.getViews().getViewNames()))
                .build();
        return stack;
    }

    /** Synthesizes the app into the directory given as the first argument (default: cdk.out). */
    public static void main(final String[] args) {
        String outdir = args.length > 0 ? args[0] : "cdk.out";
        App app = App.Builder.create().outdir(outdir).build();
        build(app);
        app.synth();
    }
}
