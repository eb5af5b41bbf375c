// Test helpers shared by the shell's table tests: the files the recorded runs used.

import { createStandardRegistry } from './commands/index.ts';
import { MemoryFileSystem } from './fs.ts';
import { Shell } from './interpreter.ts';

export const FIXTURES: Record<string, string> = {
  "/root/pods.txt": "NAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 5m\nweb-2 1/1 Running 2 5m\ndb-0 0/1 Pending 0 1m\ncache-7 1/1 Running 0 10m\n",
  "/root/nums.txt": "10\n9\n100\n-3\n2.5\n9\n",
  "/root/words.txt": "apple\nBanana\napple\ncherry\nbanana\napple\n",
  "/root/csv.txt": "name,port,proto\nhttp,80,TCP\nhttps,443,TCP\ndns,53,UDP\n",
  "/root/noeol.txt": "first\nsecond",
  "/root/sub/inner.txt": "inner line\n",
};

/** A shell whose home (/root) holds FIXTURES, as the recordings' working directory did. */
export function fixtureShell(): Shell<object> {
  const fs = new MemoryFileSystem({ files: FIXTURES });
  return new Shell({ registry: createStandardRegistry<object>(), world: {}, fs });
}
