// Loads the opening hours reader and the phone numbering plans: a correction from a review
// link writes hours and phones (see write-deps.ts).
import '../../../shared/validation/phone.check';
import { openIntervals } from '../domain/opening-hours.check';
import type { ReviewCorrectionDeps } from '../use-cases/review.use-cases';
import { reviewLinkDeps } from './review-deps';

export const reviewCorrectionDeps = (): ReviewCorrectionDeps => ({ ...reviewLinkDeps(), planHours: openIntervals });
