/** The review file's public surface: what the pipeline, the CLI and the TUI use. */
export {
  REVIEW_FILE_NAME,
  REVIEW_FILE_VERSION,
  REVIEW_KINDS,
  REVIEW_TARGETS,
  canonicalEntry,
  compareEntries,
  formatEndpointKey,
  isEffectiveEntry,
  loadReviewFile,
  parseReviewFile,
  readReviewEntries,
  refOfEndpoint,
  serializeReviewFile,
  toReviewDecision,
  writeReviewFile,
} from './review-file.js';
export type { EndpointRef, ReviewEntry, ReviewKind } from './review-file.js';
export { matchDecisions } from './match-decisions.js';
export type { DecisionMatch, StaleDecision } from './match-decisions.js';
export { createSourceReader } from './source-reader.js';
export type { SourceReader } from './source-reader.js';
