import type { BenchPart } from '../part';
import { dataLayerPart } from './data-layer';
import { flashSalePart } from './flash-sale';
import { hitRatePart } from './hit-rate';
import { mobilePart } from './mobile';
import { pagesPart } from './pages';
import { redisWorkPart } from './redis-work';
import { saleOpeningPart } from './sale-opening';
import { sessionsPart } from './sessions';
import { signInsPart } from './sign-ins';
import { tracingPart } from './tracing';
import { waitingRoomPart } from './waiting-room';

/** Every part, in the order a run measures them (the pages and the phone's view of them first, on a machine not yet warmed by the rest). */
export const PARTS: BenchPart[] = [
  pagesPart,
  mobilePart,
  dataLayerPart,
  hitRatePart,
  redisWorkPart,
  sessionsPart,
  flashSalePart,
  saleOpeningPart,
  waitingRoomPart,
  signInsPart,
  tracingPart,
];
