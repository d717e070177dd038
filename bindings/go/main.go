// A CDK app written in Go against the library's Go module. It uses the library the way a Go user would:
// props structs with jsii.String and jsii.Number, an enum constant, aws-cdk-lib values (Duration, a KMS key)
// passed into the constructs, an interface (IEventsDatabase) handed from one construct to another, and a
// static factory. The stack and its values are the ones bindings/expected.json describes.
//
// `go run . OUTDIR` writes the cloud assembly to OUTDIR (default: cdk.out); bindings/check_template.py then
// checks the template.
package main

import (
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsses"
	"github.com/aws/jsii-runtime-go"
	events "github.com/engagement-events/cdk-engagement-events-database-go/cdkengagementeventsdatabase"
)

// StackName names the stack, and so its template file in the cloud assembly.
const StackName = "EngagementEventsBindingCheck"

func build(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String(StackName), nil)
	key := awskms.NewKey(stack, jsii.String("EventsKey"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})

	database := events.NewEventsDatabase(stack, jsii.String("Events"), &events.EventsDatabaseProps{
		DatabaseName:      jsii.String("engagement_events_binding"),
		Bucket:            events.EventsBucket_Create(&events.EventsBucketOptions{EncryptionKey: key, Retention: awscdk.Duration_Days(jsii.Number(400))}),
		PartitionStrategy: events.PartitionStrategy_Projected(nil),
		BufferingInterval: awscdk.Duration_Seconds(jsii.Number(120)),
		CreateAlarms:      jsii.Bool(true),
	})

	// Event sources, one line each.
	events.NewPinpointEventStream(stack, jsii.String("Pinpoint"), &events.PinpointEventStreamProps{Database: database, ApplicationName: jsii.String("engagement-events-binding")})
	events.NewSesConfigSetDestination(stack, jsii.String("Email"), &events.SesConfigSetDestinationProps{Database: database, ConfigurationSetName: jsii.String("engagement-events-binding"), Route: events.SesEventRoute_Direct(), EventTypes: &[]awsses.EmailSendingEvent{awsses.EmailSendingEvent_BOUNCE, awsses.EmailSendingEvent_COMPLAINT}})
	events.NewSmsVoiceEventDestination(stack, jsii.String("Sms"), &events.SmsVoiceEventDestinationProps{Database: database, MatchingEventTypes: jsii.Strings("TEXT_ALL", "VOICE_ALL", "RCS_ALL")})
	events.NewWhatsAppEventSource(stack, jsii.String("WhatsApp"), &events.WhatsAppEventSourceProps{Database: database})

	workgroup := events.NewAnalyticsWorkgroup(stack, jsii.String("Analytics"), &events.AnalyticsWorkgroupProps{
		Database:                   database,
		WorkGroupName:              jsii.String("engagement-events-binding"),
		BytesScannedCutoffPerQuery: jsii.Number(1_000_000_000),
	})
	events.NewEngagementDashboard(stack, jsii.String("Dashboard"), &events.EngagementDashboardProps{
		Database:             database,
		Workgroup:            workgroup,
		Viewers:              jsii.Strings("arn:aws:quicksight:eu-west-1:111122223333:group/default/marketing"),
		DataMode:             events.DashboardDataMode_SPICE,
		SpiceRefreshInterval: events.SpiceRefreshInterval_HOURLY,
		Period:               awscdk.Duration_Days(jsii.Number(30)),
	})

	// Values read back through the bindings become outputs, so the checker sees what Go received.
	imported := events.EventsDatabase_FromEventsDatabaseAttributes(stack, jsii.String("Imported"), &events.EventsDatabaseAttributes{
		DatabaseName:   database.DatabaseName(),
		Bucket:         database.Bucket(),
		DeliveryStream: database.DeliveryStream(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("ImportedTableName"), &awscdk.CfnOutputProps{Value: imported.TableName()})
	viewNames := []string{}
	for _, name := range *database.Views().ViewNames() {
		viewNames = append(viewNames, *name)
	}
	awscdk.NewCfnOutput(stack, jsii.String("ViewNames"), &awscdk.CfnOutputProps{Value: jsii.String(strings.Join(viewNames, ","))})
	return stack
}

func main() {
	defer jsii.Close()
	outdir := "cdk.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	build(app)
	app.Synth(nil)
}
