#!/usr/bin/env python3
"""The complete solution as a CDK app in Python. In this folder (or a copy of it), with the packages of
requirements.txt installed in the Python that runs it:

    npx cdk synth
    npx cdk deploy -c pinpointProjectId=<id> -c sesConfigurationSets=marketing,transactional -c databaseName=due_eventdb

Every input is optional; see CompleteSolutionStack.
"""
import aws_cdk as cdk

from solution_stack import CompleteSolutionStack, props_from_context

app = cdk.App()
CompleteSolutionStack(app, "EngagementEventsDatabase", **props_from_context(app.node))
app.synth()
