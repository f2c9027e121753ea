import type { CAC } from 'cac';

/**
 * The arguments with every `--option value` of an option that takes a value written
 * `--option=value`. cac's parser reads a separate value that starts with `-` as flags of its own:
 * a platform key's kid is a base64url thumbprint, which starts with `-` one time in 64, and
 * `--platform-key -h…` printed the help and exited 0 instead of checking the package.
 */
export function withJoinedOptionValues(cli: CAC, argv: readonly string[]): string[] {
  const valued = new Set(
    [cli.globalCommand, ...cli.commands]
      .flatMap((command) => command.options)
      .filter((option) => option.required === true)
      .flatMap((option) => option.rawName.split(',').map((spelling) => spelling.trim().split(/\s/)[0]!)),
  );
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...joined, ...argv.slice(i)];
    if (valued.has(arg) && i + 1 < argv.length) joined.push(`${arg}=${argv[++i]}`);
    else joined.push(arg);
  }
  return joined;
}
