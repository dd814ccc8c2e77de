// What the training controller uses of the phone engine's training line (renderer/phone/types.ts):
// a simulated customer's call that rings on the desk like any other, and the customer's leg.
export type {
  TrainingCustomerLeg as CustomerLeg,
  TrainingEndedBy as EndedBy,
  TrainingSetup,
} from '../phone/types.js';
