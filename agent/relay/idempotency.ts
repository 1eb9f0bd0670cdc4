/**
 * The journal of finished steps: an append-only file of outcomes keyed by a hash of the task
 * token, so that a redelivered step (the relay died after the step ended but before its message
 * was deleted, or SQS delivered it twice) is answered again instead of being applied twice.
 * Only the hash is stored: a task token lets its holder answer the step.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RELAY_ERROR_NAMES, StepSuccessSchema } from '../../statemachines/contracts/index.js';
import type { StepOutcome } from './outcome.js';

/** The journal's file inside the relay's state directory. */
export const JOURNAL_FILE = 'step-journal.jsonl';

/** SQS keeps a message at most 14 days, so no redelivery comes later than that. */
const DEFAULT_RETENTION_MS = 14 * 24 * 3600 * 1000;
/** Appends between two compactions of a long-running journal. */
const COMPACT_EVERY = 10_000;

/** Finished steps, by task token. */
export interface StepJournal {
  /** The recorded outcome of the step with this token, if it finished. */
  find(taskToken: string): StepOutcome | undefined;
  /** Records an outcome; resolves once it is on disk. */
  record(taskToken: string, outcome: StepOutcome): Promise<void>;
  close(): Promise<void>;
}

/** Where the journal lives and how long it remembers. */
export interface FileJournalOptions {
  /** The relay's state directory; created when missing. */
  dir: string;
  retentionMs?: number;
  now?: () => number;
}

const OutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('success'), output: StepSuccessSchema }),
  z.object({ kind: z.literal('failure'), error: z.enum(RELAY_ERROR_NAMES), cause: z.string() }),
]);

const EntrySchema = z.object({ key: z.string(), at: z.number(), outcome: OutcomeSchema });
type Entry = z.infer<typeof EntrySchema>;

/** A journal that forgets on restart (tests, and relays without a state directory). */
export function createMemoryJournal(): StepJournal {
  const entries = new Map<string, StepOutcome>();

  return {
    find: (token) => entries.get(keyOf(token)),
    record: async (token, outcome) => {
      entries.set(keyOf(token), outcome);
    },
    close: async () => undefined,
  };
}

/**
 * Opens the journal in `dir`: reads what earlier runs recorded (a line torn by a crash is
 * skipped), forgets entries past the retention, and appends from then on.
 */
export async function openFileJournal(options: FileJournalOptions): Promise<StepJournal> {
  await mkdir(options.dir, { recursive: true });
  const path = join(options.dir, JOURNAL_FILE);
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const entries = new Map<string, Entry>();
  for (const entry of await readEntries(path)) entries.set(entry.key, entry);
  const journal = new FileJournal(path, entries, { now, retentionMs });
  await journal.compact();

  return journal;
}

class FileJournal implements StepJournal {
  readonly #path: string;
  readonly #entries: Map<string, Entry>;
  readonly #now: () => number;
  readonly #retentionMs: number;
  #file: FileHandle | undefined;
  #appends = 0;
  /** Writes one after another, so lines never interleave and compaction sees them all. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    path: string,
    entries: Map<string, Entry>,
    settings: { now: () => number; retentionMs: number },
  ) {
    this.#path = path;
    this.#entries = entries;
    this.#now = settings.now;
    this.#retentionMs = settings.retentionMs;
  }

  find(taskToken: string): StepOutcome | undefined {
    const entry = this.#entries.get(keyOf(taskToken));
    if (entry === undefined || this.#expired(entry)) return undefined;

    return entry.outcome;
  }

  record(taskToken: string, outcome: StepOutcome): Promise<void> {
    const entry: Entry = { key: keyOf(taskToken), at: this.#now(), outcome };
    this.#entries.set(entry.key, entry);

    return this.#serial(async () => {
      const file = await this.#handle();
      await file.appendFile(`${JSON.stringify(entry)}\n`);
      await file.datasync();
      this.#appends += 1;
      if (this.#appends >= COMPACT_EVERY) await this.#rewrite();
    });
  }

  /** Drops expired entries and torn lines by writing the live entries to a new file. */
  compact(): Promise<void> {
    return this.#serial(() => this.#rewrite());
  }

  close(): Promise<void> {
    return this.#serial(async () => {
      await this.#file?.close();
      this.#file = undefined;
    });
  }

  async #rewrite(): Promise<void> {
    for (const [key, entry] of this.#entries) {
      if (this.#expired(entry)) this.#entries.delete(key);
    }
    const text = [...this.#entries.values()].map((entry) => `${JSON.stringify(entry)}\n`).join('');
    const temporary = `${this.#path}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await this.#file?.close();
    this.#file = undefined;
    await rename(temporary, this.#path);
    this.#appends = 0;
  }

  async #handle(): Promise<FileHandle> {
    this.#file ??= await open(this.#path, 'a');
    return this.#file;
  }

  #expired(entry: Entry): boolean {
    return this.#now() - entry.at > this.#retentionMs;
  }

  #serial(work: () => Promise<void>): Promise<void> {
    const next = this.#tail.then(work);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

async function readEntries(path: string): Promise<Entry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }

  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const parsed = EntrySchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      // A line cut short by a crash during its append: that step was never answered.
      return [];
    }
  });
}

function keyOf(taskToken: string): string {
  return createHash('sha256').update(taskToken).digest('hex');
}
