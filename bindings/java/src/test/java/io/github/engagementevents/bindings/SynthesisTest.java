package io.github.engagementevents.bindings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

class SynthesisTest {
    @Test
    void synthesizesTheAppIntoTheCloudAssembly() {
        Path outdir = Paths.get(System.getProperty("cdk.outdir", "target/cdk.out"));
        App app = App.Builder.create().outdir(outdir.toString()).build();
        Stack stack = Main.build(app);
        app.synth();

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::KinesisFirehose::DeliveryStream", 1);
        Path templateFile = outdir.resolve(Main.STACK_NAME + ".template.json");
        assertTrue(Files.isRegularFile(templateFile), "no template at " + templateFile);
    }
}
