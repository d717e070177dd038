/** One call a client made: the command's name (e.g. `CreateEventDestinationCommand`) and its input. */
export interface RecordedCall {
  readonly command: string;
  readonly input: Record<string, any>;
}

/** Answers a command: returns its output, or throws the service error it should fail with. */
export type CommandAnswer = (input: Record<string, any>) => Record<string, unknown> | void;

/**
 * Makes a real AWS SDK v3 client answer from `answers` instead of the network, by a middleware at the first step
 * of its stack: the handler under test builds, sends and handles real commands and real service exceptions.
 * A command with no answer fails the test. Returns the calls made, in order.
 */
/** The part of an AWS SDK v3 client this needs. */
interface ClientWithMiddleware {
  readonly middlewareStack: { add(middleware: any, options: { step: 'initialize'; name: string }): void };
}

export function scriptClient(client: ClientWithMiddleware, answers: Record<string, CommandAnswer>): RecordedCall[] {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add((_next: any, context: any) => async (args: any) => {
    const command: string = context.commandName;
    calls.push({ command, input: args.input });
    const answer = answers[command];
    if (!answer) {
      throw new Error(`No scripted answer for ${command}`);
    }
    return { output: { $metadata: {}, ...(answer(args.input) ?? {}) }, response: {} };
  }, { step: 'initialize', name: 'scriptedAnswers' });
  return calls;
}

/**
 * Makes the first calls of one command fail with the given errors before the real call goes through: fault
 * injection on a client that otherwise talks to a real endpoint. Returns how many calls of that command were made.
 */
export function failFirstCalls(client: ClientWithMiddleware, commandName: string, errors: Error[]): { calls: number } {
  const counter = { calls: 0 };
  const pending = [...errors];
  client.middlewareStack.add((next: any, context: any) => async (args: any) => {
    if (context.commandName === commandName) {
      counter.calls += 1;
      const error = pending.shift();
      if (error) {
        throw error;
      }
    }
    return next(args);
  }, { step: 'initialize', name: `fail-${commandName}-${Math.random()}` });
  return counter;
}
