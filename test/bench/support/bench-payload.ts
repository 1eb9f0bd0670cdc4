import { agentPayload } from '../../support/lab.js';

/** Nodes the benchmarks can tell apart by MAC: two bytes of index. */
export const MAX_BENCH_NODES = 0xffff;

function hexByte(value: number): string {
  return (value & 0xff).toString(16).padStart(2, '0');
}

/** The MAC of NIC `prefix` (`aa` PXE, `bb` second) of node number `index`. */
export function benchMac(prefix: 'aa' | 'bb', index: number): string {
  return `52:54:00:${prefix}:${hexByte(index >> 8)}:${hexByte(index)}`;
}

/** A distinct admin-network address per node index, counted up from 10.20.0.10. */
export function benchIp(index: number): string {
  const value = (10 << 24) + (20 << 16) + 10 + index;

  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}

/**
 * The project's realistic agent payload (two NICs, one disk) for node number `index`, with
 * MACs and address unique over {@link MAX_BENCH_NODES} nodes, and the agent's checksum when
 * given (the agent sends one with every check-in).
 */
export function benchAgentPayload(index: number, checksum?: string) {
  if (index < 0 || index > MAX_BENCH_NODES) throw new Error(`node index ${index} out of range`);
  const base = agentPayload(index & 0xff);
  const mac = benchMac('aa', index);
  const ip = benchIp(index);
  const interfaces = base.meta.interfaces.map((iface, i) =>
    i === 0 ? { ...iface, mac, ip } : { ...iface, mac: benchMac('bb', index) },
  );

  return {
    ...base,
    mac,
    ip,
    ...(checksum === undefined ? {} : { agent_checksum: checksum }),
    meta: { ...base.meta, interfaces },
  };
}
