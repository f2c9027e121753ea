import { pack } from 'tar-stream';

export interface TarMember {
  path: string;
  bytes: Uint8Array;
}

/** A ustar archive of `members` in order (regular files, mode 0644, one mtime), in memory. */
export async function tarArchive(members: readonly TarMember[], mtime: Date): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const member of members) {
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: member.path, size: member.bytes.length, mode: 0o644, mtime, type: 'file' }, Buffer.from(member.bytes), (error) => (error ? reject(error) : resolve())),
    );
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
