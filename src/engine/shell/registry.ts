// The commands a shell can run besides its builtins (kubectl, curl, the text utilities…).

import type { CommandDescriptor } from './types.ts';

export class CommandRegistry<W = unknown> {
  private readonly commands = new Map<string, CommandDescriptor<W>>();

  constructor(descriptors: Iterable<CommandDescriptor<W>> = []) {
    for (const d of descriptors) this.register(d);
  }

  /** Add a command; a later registration of the same name replaces the earlier one. */
  register(descriptor: CommandDescriptor<W>): this {
    this.commands.set(descriptor.name, descriptor);
    return this;
  }

  get(name: string): CommandDescriptor<W> | undefined {
    return this.commands.get(name);
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.commands.keys()].sort();
  }
}
