import { extract } from 'tar-stream';

export class PackageFormatError extends Error {
  override name = 'PackageFormatError';
}

/** The regular files of a tar archive by path; a path given twice is refused (which copy would count?). */
export async function tarMembers(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type !== 'file') continue;
      if (members.has(entry.header.name)) throw new PackageFormatError(`the archive holds ${entry.header.name} twice`);
      members.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  reader.end(Buffer.from(bytes));
  try {
    await done;
  } catch (error) {
    if (error instanceof PackageFormatError) throw error;
    throw new PackageFormatError(`not a tar archive: ${(error as Error).message}`);
  }
  return members;
}
