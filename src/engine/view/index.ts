// What the page is shown of a simulation (types.ts): snapshots, chains, packets and events.
export type * from './types.ts';
export { snapshotOf, type SnapshotOptions } from './snapshot.ts';
export { chainsOf, chainText } from './chains.ts';
export { EventCollector, type CollectorOptions } from './events.ts';
export { packetView, hopView } from './packets.ts';
export { podState, storedBytes } from './objects.ts';
export { ruleMatchLabel, ruleView } from './rules.ts';
export { lastSyncOf, syncView } from './syncs.ts';
