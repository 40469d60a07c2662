import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

interface ShardCheckpoint {
  /** The last record handed to the handler successfully; reading resumes after it. */
  sequenceNumber?: string;
  /** The shard is closed and was read to its end: never read it again. */
  finished?: true;
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

/**
 * Where the stream poller got to in each shard, like the checkpoint Lambda's event source mapping
 * keeps. With a file, a restarted platform resumes after the last delivered record instead of
 * losing what was written while it was down (LATEST) or replaying everything (TRIM_HORIZON).
 */
export class ShardCheckpoints {
  private writes = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private readonly state: CheckpointFile,
  ) {}

  /** A file kept for another stream (the table was recreated) is ignored: its shards are gone. */
  static async load(file: string | undefined, streamArn: string): Promise<ShardCheckpoints> {
    const saved = file ? await readJson(file) : undefined;
    const shards = saved?.streamArn === streamArn ? saved.shards : {};
    return new ShardCheckpoints(file, { streamArn, shards });
  }

  sequenceNumber(shardId: string): string | undefined {
    return this.state.shards[shardId]?.sequenceNumber;
  }

  isFinished(shardId: string): boolean {
    return this.state.shards[shardId]?.finished === true;
  }

  advance(shardId: string, sequenceNumber: string): Promise<void> {
    this.state.shards[shardId] = { sequenceNumber };
    return this.save();
  }

  finish(shardId: string): Promise<void> {
    this.state.shards[shardId] = { ...this.state.shards[shardId], finished: true };
    return this.save();
  }

  /** Writes one at a time, each to a temporary file renamed over the old one: never half a file. */
  private save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const text = JSON.stringify(this.state, null, 2);
    // A failed write was already reported to its caller; it must not block the ones after it.
    this.writes = this.writes
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(`${file}.tmp`, text);
        await rename(`${file}.tmp`, file);
      });
    return this.writes;
  }
}

async function readJson(file: string): Promise<CheckpointFile | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CheckpointFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
