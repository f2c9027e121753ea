export type SlackCommand =
  | { kind: 'model'; description: string }
  | { kind: 'posture'; modelId: string }
  | { kind: 'findings'; modelId: string }
  | { kind: 'help'; message: string };

const USAGE = 'Usage: `/assay model <description>`, `/assay posture <model>`, `/assay findings <model>`';

/** The text after `/assay`, as Slack sends it. */
export function parseSlackCommand(text: string): SlackCommand {
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const argument = text.trim().slice(verb.length).trim();
  switch (verb.toLowerCase()) {
    case 'model':
      return argument.length >= 10 ? { kind: 'model', description: argument.slice(0, 20_000) } : { kind: 'help', message: `Describe the feature in at least 10 characters. ${USAGE}` };
    case 'posture':
    case 'findings':
      return rest.length === 1 && /^M\d+$/.test(rest[0]!) ? { kind: verb.toLowerCase() as 'posture' | 'findings', modelId: rest[0]! } : { kind: 'help', message: `Name one model, such as M1. ${USAGE}` };
    default:
      return { kind: 'help', message: USAGE };
  }
}
