import type { BenchPart } from '../part';
import { dataLayer } from './data-layer';
import { flashSalePart } from './flash-sale';
import { hitRatePart } from './hit-rate';
import { redisWorkPart } from './redis-work';
import { sessionsPart } from './sessions';

/** Every part, in the order a run measures them (the pages first, on a machine not yet warmed by the rest). */
export const PARTS: BenchPart[] = [dataLayer, hitRatePart, redisWorkPart, sessionsPart, flashSalePart];
