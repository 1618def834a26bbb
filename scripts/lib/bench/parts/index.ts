import type { BenchPart } from '../part';
import { dataLayer } from './data-layer';

/** Every part, in the order a run measures them (the pages first, on a machine not yet warmed by the rest). */
export const PARTS: BenchPart[] = [dataLayer];
