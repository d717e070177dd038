import { ResourceLifecycle, errorName, log } from './custom-resource.lambda-shared';

/** An event destination is named within its configuration set. */
export interface EventDestinationProperties {
  readonly configurationSetName: string;
  readonly eventDestinationName: string;
}

/** How one service's API manages the event destinations of a configuration set. */
export interface EventDestinationApi<P extends EventDestinationProperties> {
  /** The service, as messages name it (`SES`, `End User Messaging`). */
  readonly service: string;
  /** Starts the physical ID, `<prefix>:<set>/<destination>`. */
  readonly physicalIdPrefix: string;
  /** The error the service reports for a configuration set or destination that does not exist. */
  readonly notFoundError: string;
  /** The error the service reports for a destination name already taken in the set. */
  readonly alreadyExistsError: string;
  create(props: P): Promise<unknown>;
  update(props: P): Promise<unknown>;
  delete(props: P): Promise<unknown>;
}

/**
 * The lifecycle of an event destination on a configuration set that exists outside the stack: a Create that
 * meets a taken name or a missing set says what to do; an Update of a destination removed outside the stack puts
 * it back as configured; a Delete of a destination already gone succeeds.
 */
export function eventDestinationLifecycle<P extends EventDestinationProperties>(
  propertiesOf: (raw: Record<string, unknown>) => P, api: EventDestinationApi<P>,
): ResourceLifecycle<P> {
  const where = (props: P) => ({ configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  const create = async (props: P): Promise<void> => {
    try {
      await api.create(props);
    } catch (error) {
      const cause = (error as Error)?.message;
      if (errorName(error) === api.alreadyExistsError) {
        throw new Error(`${api.service} configuration set ${props.configurationSetName} already has an event destination named `
          + `${props.eventDestinationName}. Choose another eventDestinationName, or remove the existing destination first. (${cause})`);
      }
      if (errorName(error) === api.notFoundError) {
        throw new Error(`${api.service} configuration set ${props.configurationSetName} does not exist in this account and Region: `
          + `create it before adding the destination. (${cause})`);
      }
      throw error;
    }
    log('Event destination created', where(props));
  };
  return {
    propertiesOf,
    physicalIdOf: props => `${api.physicalIdPrefix}:${props.configurationSetName}/${props.eventDestinationName}`,
    create,
    update: async props => {
      try {
        await api.update(props);
        log('Event destination updated', where(props));
      } catch (error) {
        if (errorName(error) !== api.notFoundError) {
          throw error;
        }
        // Removed outside this stack: put it back as configured.
        log('Event destination missing; creating it again', where(props));
        await create(props);
      }
    },
    delete: async props => {
      try {
        await api.delete(props);
        log('Event destination deleted', where(props));
      } catch (error) {
        if (errorName(error) !== api.notFoundError) {
          throw error;
        }
        log('Event destination already gone', where(props));
      }
    },
  };
}
