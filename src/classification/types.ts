export type Kind = 'io' | 'cpu' | 'mixed' | 'unknown';
export type Tag = 'ml' | 'realtime' | 'offloaded' | 'trivial';

/** One step of a call chain: the function entered and where. */
export interface ChainStep {
  /** `handler`, `UsersService.create`, `hash_password`, or the sink itself `bcrypt.hash`. */
  name: string;
  file: string;
  line: number;
}

/** A sink reached from a handler: the proof behind a label. */
export interface Evidence {
  /** Catalogue id of the signal, e.g. `npm:bcrypt.hash`. */
  signal: string;
  kind: 'io' | 'cpu';
  tag?: Tag;
  /** Package the sink belongs to (`bcrypt`, `node:fs`, `numpy`, `builtin`). */
  package: string;
  /** Where the sink is called. */
  file: string;
  line: number;
  inLoop: boolean;
  /** Effective weight after loop multipliers. */
  weight: number;
  /** Why this sink counts (from the catalogue). */
  reason: string;
  /** Handler first, sink call last. */
  chain: ChainStep[];
  /** A synchronous CPU or I/O call on Node's event loop. */
  syncOnEventLoop?: boolean;
  /** Matched by method and receiver name only, because the receiver's type was not known. */
  heuristic?: boolean;
  /** Runs on a worker thread, process or executor the endpoint hands work to. */
  offloaded?: boolean;
}

export interface Classification {
  kind: Kind;
  tags: Tag[];
  /** 0..1 */
  confidence: number;
  /** What lowered the confidence: unresolved calls, depth limit... */
  confidenceNotes: string[];
  /** Strongest first. */
  evidence: Evidence[];
  /** Lines of all functions this endpoint reaches. */
  reachedLines: number;
  /** Lines reached by this endpoint alone. */
  ownedLines: number;
  /** One line: why this kind. */
  reason: string;
  /** Set when a reviewer's decision overrode the computed kind. */
  overriddenBy?: 'review';
}
