import type { Peer, PeerId } from '../peer';
import { bentocache } from './bentocache';
import { cacheAside } from './cache-aside';
import { cacheManager } from './cache-manager';
import { cachified } from './cachified';
import { ours } from './ours';

/** The libraries compared, ours first (the tables keep this order). */
export const PEERS: Peer[] = [ours, bentocache, cachified, cacheManager, cacheAside];

export function peerById(id: string): Peer {
  const peer = PEERS.find((candidate) => candidate.id === (id as PeerId));
  if (!peer) throw new Error(`no data-layer peer named ${id}`);
  return peer;
}
