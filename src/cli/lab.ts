// `npm run -s lab -- [--scenario NAME|PATH] [--seed N] [--script FILE] [-c 'COMMAND']… [--echo]`
// Runs the engine's shell headless: each command runs, then the cluster settles; output is
// what the browser terminal shows. Without -c/--script, commands come from standard input.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulation } from '../engine/index.ts';
import { createSession } from '../engine/session.ts';
import { splitCommands } from '../engine/shell/split.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `Usage: npm run -s lab -- [--scenario NAME|PATH] [--seed N] [--script FILE] [-c 'COMMAND']... [--echo]

Runs Proxyscope's simulated cluster headless. Each command runs in the shell (kubectl, grep,
…), then the cluster settles (virtual time advances until controllers are quiet).

  --scenario NAME|PATH  scenario from content/scenarios/NAME.yaml, or a file (default: default)
  --seed N              random seed (default: 1); same seed + commands = same output
  --script FILE         run the commands in FILE
  -c COMMAND            run COMMAND (repeatable, in order)
  --echo                print the prompt and COMMAND before each command's output
  -h, --help            this help
`;

interface Options {
  scenario: string;
  seed: number;
  script?: string;
  commands: string[];
  echo: boolean;
}

function parseArgs(argv: string[]): Options | string {
  const opts: Options = { scenario: 'default', seed: 1, commands: [], echo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`lab: ${a} needs a value`);
      return v;
    };
    try {
      if (a === '--scenario') opts.scenario = value();
      else if (a === '--seed') {
        const v = value();
        if (!/^\d+$/.test(v)) return `lab: --seed takes a non-negative integer, not "${v}"`;
        opts.seed = Number(v);
      } else if (a === '--script') opts.script = value();
      else if (a === '-c') opts.commands.push(value());
      else if (a === '--echo') opts.echo = true;
      else if (a === '-h' || a === '--help') return 'help';
      else return `lab: unknown option "${a}"\n\n${USAGE}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  return opts;
}

function scenarioText(nameOrPath: string): string | undefined {
  const candidates = [nameOrPath, join(root, 'content/scenarios', `${nameOrPath}.yaml`)];
  const found = candidates.find((p) => existsSync(p) && p.endsWith('.yaml'));
  return found ? readFileSync(found, 'utf8') : undefined;
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof opts === 'string') {
    process.stderr.write(`${opts}\n`);
    return 2;
  }
  const text = scenarioText(opts.scenario);
  if (text === undefined) {
    process.stderr.write(`lab: no scenario "${opts.scenario}" (looked for a .yaml file and content/scenarios/${opts.scenario}.yaml)\n`);
    return 2;
  }
  const created = createSimulation({ scenario: text, seed: opts.seed });
  if (!created.ok) {
    process.stderr.write(`lab: ${created.error}\n`);
    return 2;
  }
  for (const p of created.problems) process.stderr.write(`lab: warning: ${p}\n`);
  const { sim } = created;
  const shell = createSession(sim);

  let input: string[];
  if (opts.commands.length > 0) input = opts.commands;
  else if (opts.script) {
    if (!existsSync(opts.script)) {
      process.stderr.write(`lab: cannot read script "${opts.script}"\n`);
      return 2;
    }
    input = splitCommands(readFileSync(opts.script, 'utf8'), (t) => shell.isComplete(t));
  } else input = splitCommands(readFileSync(0, 'utf8'), (t) => shell.isComplete(t));

  let status = 0;
  for (const command of input) {
    if (opts.echo) process.stdout.write(`${shell.prompt()}${command}\n`);
    const out = shell.execute(command);
    for (const chunk of out.chunks) (chunk.fd === 1 ? process.stdout : process.stderr).write(chunk.text);
    status = out.exitCode;
    sim.settle();
    if (out.exit) break;
  }
  return status;
}

process.exitCode = main();
