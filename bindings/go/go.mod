module github.com/engagement-events/cdk-engagement-events-database/bindings/go

go 1.25

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.270.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/engagement-events/cdk-engagement-events-database-go/cdkengagementeventsdatabase v0.0.0
)

// The module jsii-pacmak writes into dist/go (`npx projen test:bindings` builds it), not a published version.
replace github.com/engagement-events/cdk-engagement-events-database-go/cdkengagementeventsdatabase => ../../dist/go/cdkengagementeventsdatabase

// jsii-pacmak writes the version of @aws-cdk/cloud-assembly-schema that package-lock.json installs into the
// module's go.mod as an indirect requirement, and the Go module proxy this project's machines reach does not
// serve that version (403 "not available"): the app takes the one aws-cdk-go v2.270.0 was released with.
replace github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v54 => github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v54 v54.11.0
