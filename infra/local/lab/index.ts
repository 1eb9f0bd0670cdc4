/** The simulated data centre of the embedded mode. */
export { describeHardware, MAX_LAB_NODES, type NodeHardware } from './hardware/spec.js';
export { type Lab, type LabOptions, startLab } from './lab.js';
export {
  type LabDurations,
  type LabSpeed,
  labDurations,
  parseLabSpeed,
  scaled,
} from './lab-speed.js';
export { LabMcollective } from './mcollective/lab-mcollective.js';
export {
  LAB_NODE_STATES,
  type LabNodeState,
  type LabSystem,
  VirtualNode,
} from './virtual-node.js';
