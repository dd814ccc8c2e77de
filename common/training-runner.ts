// The simulated customer's script (Art. 9 training): given what the agent and the panel just did,
// what the customer does. Pure and deterministic: the first reaction whose trigger matches and
// whose `times` is not used up fires; nothing else happens. The desk plays the actions.
import type { CustomerAction, Scenario, TrainingEvent, Trigger } from './training.js';

export interface TrainingRunner {
  /** The customer's answer to one event of the trace (empty: the customer does nothing). */
  handle(event: TrainingEvent): CustomerAction[];
}

/**
 * Whether `event` matches every field the trigger names. A trigger that names nothing, or fields
 * no single event carries together (a line said and a check), matches nothing.
 */
export function triggerMatches(trigger: Trigger, event: TrainingEvent): boolean {
  const wants = Object.entries(trigger).filter(([, value]) => value !== undefined);
  if (wants.length === 0) return false;
  return wants.every(([field, value]) => fieldOf(event, field as keyof Trigger) === value);
}

/** The value an event carries for a trigger field (undefined: this kind of event has none). */
function fieldOf(event: TrainingEvent, field: keyof Trigger): unknown {
  switch (field) {
    case 'answered':
      return event.kind === 'answered' ? true : undefined;
    case 'outage':
      return event.kind === 'outage' ? true : undefined;
    case 'said':
      return event.kind === 'said' ? event.line : undefined;
    case 'keypad':
      return event.kind === 'keypad' ? event.purpose : undefined;
    case 'step':
      return event.kind === 'check' ? event.step : undefined;
    case 'result':
      return event.kind === 'check' ? event.result : undefined;
    case 'status':
      return event.kind === 'status' ? event.status : undefined;
  }
}

export function createRunner(scenario: Scenario): TrainingRunner {
  const fired = scenario.reactions.map(() => 0);
  return {
    handle(event) {
      const index = scenario.reactions.findIndex(
        (reaction, n) => fired[n]! < (reaction.times ?? 1) && triggerMatches(reaction.on, event),
      );
      if (index < 0) return [];
      fired[index]! += 1;
      return scenario.reactions[index]!.do.map((action) => ({ ...action }));
    },
  };
}
