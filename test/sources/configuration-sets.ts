/**
 * SES (v2) and End User Messaging SMS and voice (v2) configuration sets with their event destinations, as their APIs
 * behave, answering real AWS SDK clients through `scriptClient`: moto_server implements neither API's event
 * destinations.
 */
import {
  ConflictException, PinpointSMSVoiceV2Client, ResourceNotFoundException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { AlreadyExistsException, NotFoundException, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { RecordedCall, scriptClient } from './scripted-client';

/** SESv2: names are unique within a set, unknown sets and destinations are NotFoundException. */
export class SesConfigurationSets {
  public readonly sets = new Map<string, Map<string, any>>();
  /** Every call is refused, as for a handler role without the permission. */
  public denied = false;

  constructor(...names: string[]) {
    names.forEach(name => this.sets.set(name, new Map()));
  }

  public client(): { client: SESv2Client; calls: RecordedCall[] } {
    const client = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const set = (input: any) => {
      if (this.denied) {
        throw new SESv2ServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'not authorized to perform: ses:CreateConfigurationSetEventDestination' });
      }
      const found = this.sets.get(input.ConfigurationSetName);
      if (!found) {
        throw new NotFoundException({ $metadata: {}, message: `Configuration set <${input.ConfigurationSetName}> does not exist.` });
      }
      return found;
    };
    const calls = scriptClient(client, {
      CreateConfigurationSetEventDestinationCommand: input => {
        const destinations = set(input);
        if (destinations.has(input.EventDestinationName)) {
          throw new AlreadyExistsException({ $metadata: {}, message: `Event destination ${input.EventDestinationName} already exists.` });
        }
        destinations.set(input.EventDestinationName, input.EventDestination);
      },
      UpdateConfigurationSetEventDestinationCommand: input => {
        const destinations = set(input);
        if (!destinations.has(input.EventDestinationName)) {
          throw new NotFoundException({ $metadata: {}, message: `Event destination ${input.EventDestinationName} does not exist.` });
        }
        destinations.set(input.EventDestinationName, input.EventDestination);
      },
      DeleteConfigurationSetEventDestinationCommand: input => {
        const destinations = set(input);
        if (!destinations.delete(input.EventDestinationName)) {
          throw new NotFoundException({ $metadata: {}, message: `Event destination ${input.EventDestinationName} does not exist.` });
        }
      },
      GetConfigurationSetEventDestinationsCommand: input => ({
        EventDestinations: [...set(input).entries()].map(([name, definition]) => ({ Name: name, ...definition })),
      }),
    });
    return { client, calls };
  }

  /** Everything the sets hold, for comparing before and after. */
  public snapshot(): unknown {
    return JSON.parse(JSON.stringify([...this.sets].map(([name, destinations]) => [name, [...destinations]])));
  }
}

/**
 * End User Messaging SMS and voice v2: a taken name is a ConflictException, unknown sets and destinations are
 * ResourceNotFoundException.
 */
export class SmsVoiceConfigurationSets {
  public readonly sets = new Map<string, Map<string, any>>();
  /** Errors the next create calls fail with, before the set is looked at. */
  public readonly createFailures: Error[] = [];

  constructor(...names: string[]) {
    names.forEach(name => this.sets.set(name, new Map()));
  }

  public client(): { client: PinpointSMSVoiceV2Client; calls: RecordedCall[] } {
    const client = new PinpointSMSVoiceV2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const set = (name: string) => {
      const found = this.sets.get(name);
      if (!found) {
        throw new ResourceNotFoundException({ $metadata: {}, message: 'The configuration set does not exist', ResourceType: 'configuration-set', ResourceId: name });
      }
      return found;
    };
    const destination = (input: any) => ({
      EventDestinationName: input.EventDestinationName,
      Enabled: input.Enabled ?? true,
      MatchingEventTypes: input.MatchingEventTypes,
      KinesisFirehoseDestination: input.KinesisFirehoseDestination,
    });
    const missingDestination = (input: any) => new ResourceNotFoundException({
      $metadata: {}, message: 'The event destination does not exist', ResourceType: 'event-destination', ResourceId: input.EventDestinationName,
    });
    const calls = scriptClient(client, {
      CreateEventDestinationCommand: input => {
        const failure = this.createFailures.shift();
        if (failure) {
          throw failure;
        }
        const destinations = set(input.ConfigurationSetName);
        if (destinations.has(input.EventDestinationName)) {
          throw new ConflictException({ $metadata: {}, message: 'An event destination with this name already exists', Reason: 'DESTINATION_ALREADY_EXISTS' as any });
        }
        destinations.set(input.EventDestinationName, destination(input));
      },
      UpdateEventDestinationCommand: input => {
        const destinations = set(input.ConfigurationSetName);
        if (!destinations.has(input.EventDestinationName)) {
          throw missingDestination(input);
        }
        destinations.set(input.EventDestinationName, destination(input));
      },
      DeleteEventDestinationCommand: input => {
        if (!set(input.ConfigurationSetName).delete(input.EventDestinationName)) {
          throw missingDestination(input);
        }
      },
      DescribeConfigurationSetsCommand: input => ({
        ConfigurationSets: (input.ConfigurationSetNames as string[]).map(name => ({
          ConfigurationSetName: name,
          EventDestinations: [...set(name).values()],
        })),
      }),
    });
    return { client, calls };
  }

  /** Everything the sets hold, for comparing before and after. */
  public snapshot(): unknown {
    return JSON.parse(JSON.stringify([...this.sets].map(([name, destinations]) => [name, [...destinations]])));
  }
}
